"use client";

import { formatDateTime, formatDuration, msSince } from "@/components/common/format";
import { useNow } from "@/components/common/use-now";

/** Props of {@link WaitingAge}. */
export interface WaitingAgeProps {
  /** When the job was queued (ISO). */
  since: string;
}

/** How long a job has waited, ticking every second; the exact queue time is in the tooltip. */
export function WaitingAge({ since }: WaitingAgeProps) {
  const now = useNow();
  return (
    <time dateTime={since} title={`Queued ${formatDateTime(since)}`} className="tabular-nums">
      {now === 0 ? formatDateTime(since) : formatDuration(msSince(since, now))}
    </time>
  );
}
