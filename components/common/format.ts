/**
 * Pure formatting helpers for durations, times and ids. No React, no clock:
 * callers pass `now` so one shared ticker drives every live value.
 */
import type { Job } from "@/lib/job";

/** Shown wherever a value is unknown. */
export const EMPTY = "—";

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * Formats a duration for dense tables: `850ms`→`<1s`, `32s`, `1m 32s`, `2h 05m`, `3d 04h`.
 * `null`/`undefined`/negative → `—`.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return EMPTY;
  if (ms < 1000) return "<1s";
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${pad2(hours)}h`;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** Milliseconds since an ISO timestamp, or `null` when unknown. Never negative (clock skew). */
export function msSince(iso: string | null, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, now - at);
}

/**
 * Relative time for a past instant: `just now`, `42s ago`, `3 min ago`,
 * `5 h ago`, `2 d ago`. `—` for null. Every caller shows events that have
 * happened, so an instant after `now` reads `just now`: live data arrives
 * between the ticks of a shared clock (Sources ticks every 30 s), and the
 * server's clock may run a little ahead of the browser's.
 */
export function formatRelative(iso: string | null, now: number): string {
  const ago = msSince(iso, now);
  if (ago === null) return EMPTY;
  if (ago < 10_000) return "just now";
  if (ago < 60_000) return `${Math.floor(ago / 1000)}s ago`;
  if (ago < 3_600_000) return `${Math.floor(ago / 60_000)} min ago`;
  if (ago < 86_400_000) return `${Math.floor(ago / 3_600_000)} h ago`;
  return `${Math.floor(ago / 86_400_000)} d ago`;
}

let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** An ISO timestamp in the browser's locale and time zone, with seconds; `—` for null. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return EMPTY;
  // Building a formatter is costly (toLocaleString builds one per call); hundreds of rows format each tick.
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return dateTimeFormat.format(date);
}

/** The first 7 characters of a commit sha, or `—`. */
export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 7) : EMPTY;
}

/**
 * Queue time as of `now`: the stored value once the job started, otherwise the
 * live wait since `queuedAt` while it is still queued or waiting.
 */
export function liveQueueMs(job: Job, now: number): number | null {
  if (job.queueMs != null) return job.queueMs;
  if (job.status === "queued" || job.status === "waiting") return msSince(job.queuedAt, now);
  return null;
}

/** Duration as of `now`: the stored value once finished, otherwise the live elapsed time while running. */
export function liveDurationMs(job: Job, now: number): number | null {
  if (job.durationMs != null) return job.durationMs;
  if (job.status === "running") return msSince(job.startedAt, now);
  return null;
}

/** Duration of a step: finished − started, or elapsed as of `now` while it runs. */
export function stepDurationMs(
  step: { startedAt: string | null; finishedAt: string | null },
  now: number,
): number | null {
  if (!step.startedAt) return null;
  const start = Date.parse(step.startedAt);
  if (Number.isNaN(start)) return null;
  if (step.finishedAt) {
    const end = Date.parse(step.finishedAt);
    return Number.isNaN(end) ? null : Math.max(0, end - start);
  }
  return Math.max(0, now - start);
}

/** Turns a stable code like `startup_failure` into `Startup failure`. */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Display names of the CI sources. */
export const SOURCE_LABELS: Record<Job["source"], string> = {
  github: "GitHub",
  gitlab: "GitLab",
  buildkite: "Buildkite",
  jenkins: "Jenkins",
  generic: "CI",
};
