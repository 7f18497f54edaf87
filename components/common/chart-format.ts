/**
 * Pure helpers for the metric charts: bucket times as local-time axis labels
 * (the server's buckets are UTC ISO starts), percentages, and the one-line
 * summaries that give each chart its accessible name. No React.
 */
import { BUCKET_MS, type Bucket } from "@/lib/metrics";
import { EMPTY, formatDuration } from "./format";

/** A bucket size in words: "5-minute", "hourly", "daily". */
export const BUCKET_NAMES: Record<Bucket, string> = {
  "1m": "per minute",
  "5m": "per 5 minutes",
  "15m": "per 15 minutes",
  "1h": "hourly",
  "6h": "per 6 hours",
  "1d": "daily",
};

/** Locale and zone of the labels; the browser's own unless a test pins them. */
export interface TimeLabelOptions {
  locale?: string;
  timeZone?: string;
}

const DAY_MS = 86_400_000;

/**
 * A formatter for the time axis of a chart spanning `spanMs` in `bucket`
 * steps: the time of day within a day, day and time over several days, the
 * date alone for daily buckets. Local time unless `options` pins a zone.
 */
export function timeTickFormatter(
  bucket: Bucket,
  spanMs: number,
  options: TimeLabelOptions = {},
): (t: number) => string {
  const { locale, timeZone } = options;
  const format =
    BUCKET_MS[bucket] >= DAY_MS
      ? new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone })
      : spanMs <= DAY_MS
        ? new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone })
        : new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", timeZone });
  return (t) => (Number.isFinite(t) ? format.format(new Date(t)) : "");
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * DAY_MS;

/** Tick steps on a time axis, each a boundary people read at a glance. */
const TICK_STEPS = [
  MINUTE_MS,
  5 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  WEEK_MS,
] as const;

/** Minutes the zone is ahead of UTC at `t` (the browser's zone unless `timeZone` names one). */
function zoneOffsetMinutes(
  t: number,
  timeZone: string | undefined,
  parts: Intl.DateTimeFormat | undefined,
): number {
  if (!timeZone || !parts) return -new Date(t).getTimezoneOffset();
  const p = Object.fromEntries(parts.formatToParts(new Date(t)).map(({ type, value }) => [type, value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour) % 24,
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / MINUTE_MS);
}

/**
 * The ticks of a time axis over bucket starts `times`: only those on a round
 * local boundary (the hour, 00:00, a Monday for weekly steps), with the
 * smallest step that leaves at most `maxTicks`, so labels never crowd and
 * fall on times people recognise (not every 7th bucket, wherever it lands).
 * Falls back to evenly spaced buckets when no boundary lies among `times`.
 */
export function timeTicks(
  times: readonly number[],
  bucket: Bucket,
  maxTicks = 8,
  options: TimeLabelOptions = {},
): number[] {
  const finite = times.filter(Number.isFinite);
  if (finite.length <= maxTicks) return [...finite];
  const span = Math.max(...finite) - Math.min(...finite);
  const step = TICK_STEPS.find((s) => s >= BUCKET_MS[bucket] && Math.floor(span / s) + 1 <= maxTicks) ?? null;
  const parts = options.timeZone
    ? new Intl.DateTimeFormat("en-US", {
        timeZone: options.timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      })
    : undefined;
  const onBoundary = (t: number): boolean => {
    if (step === null) return false;
    const local = t + zoneOffsetMinutes(t, options.timeZone, parts) * MINUTE_MS;
    if (step === WEEK_MS) return local % DAY_MS === 0 && (Math.floor(local / DAY_MS) + 4) % 7 === 1; // 1970-01-01 was a Thursday
    if (step === 2 * DAY_MS) return local % DAY_MS === 0 && Math.floor(local / DAY_MS) % 2 === 0;
    return local % step === 0;
  };
  const ticks = finite.filter(onBoundary);
  if (ticks.length > 0 && ticks.length <= maxTicks) return ticks;
  const every = Math.ceil(finite.length / maxTicks);
  return finite.filter((_, i) => i % every === 0);
}

/** A bucket's span for a tooltip: "Jan 5, 14:00 – 15:00" (or the day alone for daily buckets). */
export function bucketLabel(t: number, bucket: Bucket, options: TimeLabelOptions = {}): string {
  const { locale, timeZone } = options;
  if (!Number.isFinite(t)) return EMPTY;
  if (BUCKET_MS[bucket] >= DAY_MS) {
    return new Intl.DateTimeFormat(locale, {
      weekday: "short",
      month: "short",
      day: "numeric",
      timeZone,
    }).format(new Date(t));
  }
  const start = new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(new Date(t));
  const end = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone }).format(
    new Date(t + BUCKET_MS[bucket]),
  );
  return `${start} – ${end}`;
}

/** A 0..1 rate as a percentage: `96.4%`, `50%` (no trailing zeros); `—` for null. */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate == null || !Number.isFinite(rate)) return EMPTY;
  return `${Number((rate * 100).toFixed(digits))}%`;
}

let countFormat: Intl.NumberFormat | undefined;

/** A count with thousands separators in the browser's locale. */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return EMPTY;
  countFormat ??= new Intl.NumberFormat();
  return countFormat.format(n);
}

/** Steps a duration axis may use: each tick then reads as a round number of seconds, minutes or hours. */
const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
].map((seconds) => seconds * 1000);

/**
 * Round tick values (ms) for a duration axis reaching `maxMs`: at most about
 * five steps of 1 s, 2 s, 5 s … 1 min, 2 min, 5 min … 1 h … 1 d, from 0 to
 * just past the maximum. `[0]` when there is nothing to show.
 */
export function durationTicks(maxMs: number, steps = 5): number[] {
  if (!Number.isFinite(maxMs) || maxMs <= 0) return [0];
  const step =
    DURATION_STEPS.find((s) => maxMs / s <= steps) ?? Math.ceil(maxMs / steps / 86_400_000) * 86_400_000;
  const count = Math.ceil(maxMs / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** Duration axis ticks: short, without seconds once minutes are shown. */
export function formatDurationTick(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "0";
  return formatDuration(ms).replace(/ 00[sm]$/, "");
}

/** One point of a chart: its bucket start and the value plotted (null: nothing counted). */
export interface SummaryPoint {
  t: number;
  value: number | null;
}

/**
 * A one-line description of a series for its chart's accessible name, e.g.
 * "lowest 82% (Jan 5, 14:00 – 15:00), highest 100% (…), latest 96%", or
 * "no data" when every value is null.
 */
export function describeSeries(
  points: readonly SummaryPoint[],
  format: (value: number) => string,
  bucket: Bucket,
  options: TimeLabelOptions = {},
): string {
  const known = points.filter((p): p is { t: number; value: number } => p.value != null);
  if (known.length === 0) return "no data";
  let low = known[0]!;
  let high = known[0]!;
  for (const point of known) {
    if (point.value < low.value) low = point;
    if (point.value > high.value) high = point;
  }
  const latest = known.at(-1)!;
  const at = (p: SummaryPoint) => bucketLabel(p.t, bucket, options);
  if (low === high) return `${format(latest.value)} throughout`;
  return `lowest ${format(low.value)} (${at(low)}), highest ${format(high.value)} (${at(high)}), latest ${format(latest.value)}`;
}
