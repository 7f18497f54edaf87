/**
 * A bound on a label's values. Pools are named by the labels jobs ask for,
 * which nothing stops from being unique per job; a Prometheus series per
 * value would then grow without end. The first `max` values keep their name;
 * every later one is folded into `other`.
 */

/** The value every value past the cap is reported as. */
export const OVERFLOW_LABEL = "other";

/** Maps a label value to itself, or to {@link OVERFLOW_LABEL} once `max` distinct values were kept. O(1). */
export function labelCap(max: number): (value: string) => string {
  const kept = new Set<string>();
  return (value) => {
    if (kept.has(value)) return value;
    if (kept.size >= max) return OVERFLOW_LABEL;
    kept.add(value);
    return value;
  };
}
