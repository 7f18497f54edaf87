"use client";

import type { Job } from "@/lib/job";
import {
  formatDateTime,
  formatDuration,
  formatRelative,
  liveDurationMs,
  liveQueueMs,
} from "@/components/common/format";
import { useNow } from "@/components/common/use-now";

/** Props of the timing cells. */
export interface JobTimingProps {
  job: Job;
}

function TickingQueue({ job }: JobTimingProps) {
  return <>{formatDuration(liveQueueMs(job, useNow()))}</>;
}

function TickingDuration({ job }: JobTimingProps) {
  return <>{formatDuration(liveDurationMs(job, useNow()))}</>;
}

/** Queue time: ticks every second while the job is still queued or waiting, fixed afterwards. */
export function QueueTime({ job }: JobTimingProps) {
  if (job.queueMs == null && (job.status === "queued" || job.status === "waiting") && job.queuedAt) {
    return <TickingQueue job={job} />;
  }
  return <>{formatDuration(job.queueMs)}</>;
}

/** Duration: ticks every second while the job runs, fixed once it finished. */
export function Duration({ job }: JobTimingProps) {
  if (job.durationMs == null && job.status === "running" && job.startedAt) {
    return <TickingDuration job={job} />;
  }
  return <>{formatDuration(job.durationMs)}</>;
}

/** Props of {@link RelativeTime}. */
export interface RelativeTimeProps {
  iso: string | null;
}

/** How often relative times refresh; they read in minutes, so a 1 s tick would only cost renders. */
const RELATIVE_TICK_MS = 5000;

/** "3 min ago", kept current by a shared 5 s ticker; the exact local time is in the tooltip. */
export function RelativeTime({ iso }: RelativeTimeProps) {
  const now = useNow(RELATIVE_TICK_MS);
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {now === 0 ? formatDateTime(iso) : formatRelative(iso, now)}
    </time>
  );
}
