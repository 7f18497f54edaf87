import type { Job } from "@/lib/job";
import { STATUS_STYLES } from "@/components/common/status-badge";
import { formatDuration } from "@/components/common/format";
import { sparkPath, sparkPoints } from "./sparkline-scale";

/** Props of {@link DurationSparkline}. */
export interface DurationSparklineProps {
  /** The jobs, oldest first (left to right). */
  jobs: readonly Job[];
  /** The job the page is about, marked by a ring. */
  currentId: string;
}

const WIDTH = 240;
const HEIGHT = 48;
const PAD = 5;

/**
 * Durations of a job's runs as an inline SVG line, one dot per run in its
 * status colour. The picture is one image to assistive tech, named by a text
 * summary (count, range, this run); the list beside it carries the detail.
 */
export function DurationSparkline({ jobs, currentId }: DurationSparklineProps) {
  const durations = jobs.map((job) => job.durationMs);
  const points = sparkPoints(durations, WIDTH, HEIGHT, PAD);
  const known = durations.filter((d): d is number => d !== null);
  const current = jobs.find((job) => job.id === currentId);
  const label =
    known.length === 0
      ? `No durations yet across ${jobs.length} ${jobs.length === 1 ? "run" : "runs"} of this job`
      : `Durations of the last ${jobs.length} ${jobs.length === 1 ? "run" : "runs"} of this job, oldest first: ` +
        `from ${formatDuration(Math.min(...known))} to ${formatDuration(Math.max(...known))}` +
        (current?.durationMs != null ? `; this run ${formatDuration(current.durationMs)}` : "");
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="job-history-sparkline"
      data-points={points.length}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-12 w-60 max-w-full shrink-0 text-accent"
    >
      <path
        d={sparkPath(points)}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        vectorEffect="non-scaling-stroke"
      />
      {points.map((point) => {
        const job = jobs[point.index]!;
        const mine = job.id === currentId;
        return (
          <circle
            key={job.id}
            cx={point.x}
            cy={point.y}
            r={mine ? 3.5 : 2.5}
            className={`${STATUS_STYLES[job.status].tone} ${mine ? "stroke-foreground" : ""}`}
            fill="currentColor"
            strokeWidth={mine ? 1.5 : 0}
            vectorEffect="non-scaling-stroke"
          />
        );
      })}
    </svg>
  );
}
