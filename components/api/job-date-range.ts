/**
 * The Jobs page's date range: whole days in the browser's time zone, both ends
 * included, turned into the instants the API bounds creation time with.
 */

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isPlainDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

/** Local midnight at the start of `date` (`YYYY-MM-DD`), `days` later, in ms since epoch. */
function localMidnight(date: string, days = 0): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, day + days).getTime();
}

/**
 * The creation-time bounds of a `since`/`until` day range, in ms: `since` from
 * the start of its day (inclusive), `until` to the start of the next day
 * (exclusive), so the `until` day is included whole. Null where a bound is unset.
 */
export function dayBounds(range: { since?: string; until?: string }): {
  since: number | null;
  until: number | null;
} {
  return {
    since: range.since ? localMidnight(range.since) : null,
    until: range.until ? localMidnight(range.until, 1) : null,
  };
}
