/**
 * A queued job's ETA in words: "starts in ~4 min (2–7 min)", "starts in <1 min",
 * or "not enough data" when its pool has too little history.
 */
import type { JobEta } from "@/lib/job";

const MIN = 60_000;

/** Whole minutes from now to `iso`, never negative. */
const minutesUntil = (iso: string, now: number) => Math.max(0, Math.round((Date.parse(iso) - now) / MIN));

/** The ETA as a short phrase; null while none is known yet (`undefined`: not computed). */
export function etaText(eta: JobEta | null | undefined, now: number): string | null {
  if (eta === undefined) return null;
  if (eta === null) return "not enough data";
  const mid = minutesUntil(eta.startAt, now);
  const low = minutesUntil(eta.low, now);
  const high = minutesUntil(eta.high, now);
  const best = mid === 0 ? "starts in <1 min" : `starts in ~${mid} min`;
  return high > low ? `${best} (${low}–${high} min)` : best;
}
