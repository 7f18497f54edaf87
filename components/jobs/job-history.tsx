"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { Job } from "@/lib/job";
import { jobSeriesQuery } from "@/components/api/job-search-api";
import { jobHref } from "@/components/api/jobs-api";
import { formatDateTime, formatDuration, EMPTY } from "@/components/common/format";
import { StatusIcon } from "@/components/common/status-badge";
import { QueryError } from "@/components/ui/query-state";
import { DurationSparkline } from "./duration-sparkline";

/** Props of {@link JobHistory}. */
export interface JobHistoryProps {
  /** The job the page shows, as it is now (live): it replaces its own, older, copy in the history. */
  job: Job;
}

/**
 * The history of the job on its branch — the same repository, workflow, job
 * name and branch: its earlier attempts and the same job in earlier runs —
 * as a duration sparkline and a list linking to each.
 */
export function JobHistory({ job }: JobHistoryProps) {
  const query = useQuery(jobSeriesQuery(job.id));
  const items = (query.data?.items ?? []).map((item) => (item.id === job.id ? job : item));
  return (
    <section
      aria-labelledby="job-history-heading"
      data-testid="job-history"
      aria-busy={query.isPending}
      className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-border px-4 py-3">
        <h2 id="job-history-heading" className="text-sm font-semibold">
          History
        </h2>
        <span className="text-xs text-muted">
          Same job
          {job.branch ? (
            <>
              {" "}
              on <span className="font-mono">{job.branch}</span>
            </>
          ) : (
            " without a branch"
          )}
          : earlier attempts and runs
        </span>
      </div>
      {query.isPending ? (
        <div
          role="status"
          aria-label="Loading history"
          className="m-4 h-12 animate-pulse rounded bg-surface-muted"
        />
      ) : query.isError && !query.data ? (
        <QueryError what="this job's history" error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length <= 1 ? (
        <p className="px-4 py-6 text-sm text-muted">
          No earlier attempts or runs of this job on this branch.
        </p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-border px-4 py-3">
            <DurationSparkline jobs={[...items].reverse()} currentId={job.id} />
            <DurationRange jobs={items} />
          </div>
          <ol className="max-h-80 divide-y divide-border overflow-y-auto text-sm">
            {items.map((item) => (
              <HistoryRow key={item.id} item={item} current={item.id === job.id} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The visible counterpart of the sparkline's name: how many runs, fastest and slowest. */
function DurationRange({ jobs }: { jobs: readonly Job[] }) {
  const known = jobs.map((item) => item.durationMs).filter((d): d is number => d !== null);
  return (
    <p className="text-xs text-muted">
      {jobs.length} runs
      {known.length > 0 && (
        <>
          {" "}
          · fastest <span className="tabular-nums text-foreground">
            {formatDuration(Math.min(...known))}
          </span>{" "}
          · slowest <span className="tabular-nums text-foreground">{formatDuration(Math.max(...known))}</span>
        </>
      )}
    </p>
  );
}

function HistoryRow({ item, current }: { item: Job; current: boolean }) {
  const when = item.startedAt ?? item.queuedAt;
  return (
    <li
      data-testid="job-history-item"
      data-job-id={item.id}
      className={current ? "bg-surface-muted" : undefined}
    >
      <Link
        href={jobHref(item.id)}
        aria-current={current ? "page" : undefined}
        className="flex min-h-10 items-center gap-3 px-4 py-2 hover:bg-surface-muted"
      >
        <StatusIcon status={item.status} />
        <span className="min-w-0 flex-1 truncate">
          <span className="font-mono text-xs">run {item.runId}</span>
          {item.attempt > 1 && <span className="text-muted"> · attempt {item.attempt}</span>}
          {current && <span className="text-muted"> · this job</span>}
        </span>
        <span className="hidden shrink-0 text-xs text-muted sm:inline">
          {when ? formatDateTime(when) : EMPTY}
        </span>
        <span className="w-16 shrink-0 text-right text-xs tabular-nums">
          {item.durationMs === null ? EMPTY : formatDuration(item.durationMs)}
        </span>
      </Link>
    </li>
  );
}
