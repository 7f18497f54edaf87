/**
 * The metrics contract's common ground: windows, bucket sizes and the filters
 * every `/api/v1/metrics/*` query accepts (re-exported by `lib/metrics.ts`).
 */
import { z } from "zod";
import { jobSourceSchema } from "./job";

// ── Windows and buckets ─────────────────────────────────────────────────────

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Shortest and longest window a metric can be asked for. */
export const MIN_WINDOW_MS = UNIT_MS.h;
export const MAX_WINDOW_MS = 90 * UNIT_MS.d;

/** Milliseconds in a duration such as `90m`, `24h` or `30d`; null when it is not one. */
export function durationMs(text: string): number | null {
  const match = /^([1-9]\d{0,5})([mhd])$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** A window: `<n>m`, `<n>h` or `<n>d`, between 1 h and 90 d. */
export const windowSchema = z
  .string()
  .refine((text) => durationMs(text) !== null, "must be a duration such as 1h, 24h, 7d or 30d")
  .refine((text) => {
    const ms = durationMs(text) ?? 0;
    return ms >= MIN_WINDOW_MS && ms <= MAX_WINDOW_MS;
  }, "must be between 1h and 90d");

/** Time-series buckets, each aligned to wall-clock boundaries in UTC. */
export const BUCKETS = ["1m", "5m", "15m", "1h", "6h", "1d"] as const;
/** A time-series bucket size. */
export type Bucket = (typeof BUCKETS)[number];

/** Length of each bucket size, ms. */
export const BUCKET_MS: Record<Bucket, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "6h": 21_600_000,
  "1d": 86_400_000,
};

/** The most points one series may have; a finer bucket is coarsened on the server. */
export const MAX_POINTS = 1000;

// ── Success rate ────────────────────────────────────────────────────────────

/**
 * What every success rate means, in the words shown beside it: success ÷
 * (success + failure + timed_out). The dashboard prints this next to each rate.
 */
export const SUCCESS_RATE_DEFINITION = "Successes of decided jobs; cancelled, skipped and neutral excluded.";

// ── Filters ─────────────────────────────────────────────────────────────────

/** A filter or list value: 1 to 300 characters. */
export const filterText = z.string().min(1).max(300);

/** Filters every metric accepts (each exact; all combine with "and"). */
export const metricFilterSchema = z.object({
  repo: filterText.optional(),
  branch: filterText.optional(),
  workflow: filterText.optional(),
  /** The job's name. */
  job: filterText.optional(),
  /** One runner label the job asked for or ran with. */
  label: filterText.optional(),
  source: jobSourceSchema.optional(),
  window: windowSchema.default("24h"),
});
/** Parsed metric filters. */
export type MetricFilter = z.infer<typeof metricFilterSchema>;

/** The dimensions a filter or a `groupBy` can name. */
export const DIMENSIONS = ["source", "repo", "branch", "workflow", "job", "label"] as const;
/** A metric dimension. */
export type Dimension = (typeof DIMENSIONS)[number];
