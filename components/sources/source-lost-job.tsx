"use client";

import Link from "next/link";
import { CloudOff } from "lucide-react";
import type { Job } from "@/lib/job";
import { useNow } from "@/components/common/use-now";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";

/** The latest instant a job's own data mentions: roughly when its last event arrived. */
export function lastEventAt(job: Job): number | null {
  let latest: number | null = null;
  const consider = (iso: string | null | undefined) => {
    if (!iso) return;
    const at = Date.parse(iso);
    if (!Number.isNaN(at) && (latest === null || at > latest)) latest = at;
  };
  consider(job.queuedAt);
  consider(job.startedAt);
  consider(job.finishedAt);
  for (const step of job.steps) {
    consider(step.startedAt);
    consider(step.finishedAt);
  }
  return latest;
}

/** "3 h", "45 min": how long a lost job has been silent. */
export function silenceFor(ms: number): string {
  if (ms >= 3_600_000) return `${Math.floor(ms / 3_600_000)} h`;
  return `${Math.max(1, Math.floor(ms / 60_000))} min`;
}

/** "No event for 3 h — delivery probably lost", or without the duration when unknown. */
export function lostMessage(job: Job, now: number): string {
  const last = lastEventAt(job);
  const silence = last !== null && now > 0 ? ` for ${silenceFor(Math.max(0, now - last))}` : "";
  return `No event${silence} — delivery probably lost`;
}

/** Props of {@link LostJobMarker} and {@link LostJobCallout}. */
export interface LostJobProps {
  job: Job;
}

/** A small "Lost" pill for job rows whose job went silent (`job.lost`); the full reason is its tooltip and accessible text. */
export function LostJobMarker({ job }: LostJobProps) {
  const now = useNow(60_000);
  if (!job.lost) return null;
  const message = lostMessage(job, now);
  return (
    <span
      data-testid="job-lost"
      title={message}
      className="inline-flex shrink-0 items-center gap-1 rounded-full bg-amber-50 px-1.5 py-px text-[11px] font-medium text-amber-800 ring-1 ring-inset ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25"
    >
      <CloudOff aria-hidden className="size-3" />
      Lost
      <span className="sr-only">: {message}</span>
    </span>
  );
}

/** The job detail's explanation of a lost job: what it means and what to check. */
export function LostJobCallout({ job }: LostJobProps) {
  const now = useNow(60_000);
  if (!job.lost) return null;
  return (
    <div
      role="note"
      data-testid="job-lost"
      className="flex gap-3 rounded-xl border border-amber-600/25 bg-amber-50 px-4 py-3 text-sm dark:border-amber-400/25 dark:bg-amber-400/10"
    >
      <CloudOff aria-hidden className="mt-0.5 size-5 shrink-0 text-amber-700 dark:text-amber-300" />
      <div className="min-w-0">
        <p className="font-medium text-amber-900 dark:text-amber-200">{lostMessage(job, now)}</p>
        <p className="mt-0.5 text-amber-800 dark:text-amber-300">
          {VENDOR_NAMES[job.source]} stopped reporting this job while it was still {job.status}. Check the
          webhook&apos;s recent deliveries on {VENDOR_NAMES[job.source]} and its counts on the{" "}
          <Link href={`/sources#${job.source}`} className="underline underline-offset-2 hover:decoration-2">
            Sources
          </Link>{" "}
          page; the next event for this job clears the mark.
        </p>
      </div>
    </div>
  );
}
