import type { JobStatus } from "@/lib/job";
import type { RunJobCounts } from "@/lib/run";
import { STATUS_STYLES } from "@/components/common/status-badge";

/** Segment order: finished outcomes first, then what is still going on. */
const ORDER: readonly JobStatus[] = [
  "success",
  "failure",
  "timed_out",
  "cancelled",
  "skipped",
  "neutral",
  "running",
  "waiting",
  "queued",
];

/** Bar fill of each status, for light and dark. */
const FILL: Record<JobStatus, string> = {
  success: "bg-emerald-500 dark:bg-emerald-400",
  failure: "bg-red-500 dark:bg-red-400",
  timed_out: "bg-orange-500 dark:bg-orange-400",
  cancelled: "bg-zinc-400 dark:bg-zinc-500",
  skipped: "bg-slate-300 dark:bg-slate-600",
  neutral: "bg-stone-300 dark:bg-stone-500",
  running: "bg-sky-500 dark:bg-sky-400",
  waiting: "bg-violet-500 dark:bg-violet-400",
  queued: "bg-amber-400 dark:bg-amber-300",
};

/** "6 jobs: 4 success, 1 failure, 1 running", the bar's accessible name and tooltip. */
export function describeCounts(counts: RunJobCounts): string {
  if (counts.total === 0) return "No jobs yet";
  const parts = ORDER.filter((status) => (counts[status] ?? 0) > 0).map(
    (status) => `${counts[status]} ${STATUS_STYLES[status].label.toLowerCase()}`,
  );
  return `${counts.total} ${counts.total === 1 ? "job" : "jobs"}: ${parts.join(", ")}`;
}

/** Props of {@link RunJobBar}. */
export interface RunJobBarProps {
  counts: RunJobCounts;
}

/**
 * A run's jobs as a compact stacked bar, one segment per status, with the
 * total and the failures written out (colour is never the only signal).
 */
export function RunJobBar({ counts }: RunJobBarProps) {
  const label = describeCounts(counts);
  if (counts.total === 0) return <span className="text-xs text-muted">No jobs yet</span>;
  const failed = (counts.failure ?? 0) + (counts.timed_out ?? 0);
  const done = ORDER.slice(0, 5).reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  return (
    <span role="img" aria-label={label} title={label} className="flex min-w-0 flex-col gap-1">
      <span className="flex h-1.5 w-full max-w-32 overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-border">
        {ORDER.map((status) => {
          const n = counts[status] ?? 0;
          if (n === 0) return null;
          return (
            <span
              key={status}
              className={`h-full ${FILL[status]} not-last:border-r not-last:border-surface`}
              style={{ width: `${(n / counts.total) * 100}%` }}
            />
          );
        })}
      </span>
      <span aria-hidden className="whitespace-nowrap text-xs tabular-nums text-muted">
        {done}/{counts.total} done
        {failed > 0 && <span className="font-medium text-red-700 dark:text-red-300"> · {failed} failed</span>}
      </span>
    </span>
  );
}
