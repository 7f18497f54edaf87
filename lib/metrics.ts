/**
 * Metrics API contract (`/api/v1/metrics/*`): query schemas and response
 * shapes, shared by the server (which validates with the schemas) and the
 * dashboard (which builds URLs from them). Fields may be added, never renamed.
 *
 * Conventions: times are ISO 8601 in UTC; durations are milliseconds; rates are
 * 0..1 or null when nothing was counted; percentiles are nearest-rank, read
 * from a mergeable sketch within 0.5% of the exact value.
 */
import { z } from "zod";
import { jobSourceSchema, type Job, type JobSource, type JobStatus } from "./job";

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

// ── Filters ─────────────────────────────────────────────────────────────────

const filterText = z.string().min(1).max(300);

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

// ── Summary ─────────────────────────────────────────────────────────────────

/** `GET /metrics/summary`. */
export const summaryQuerySchema = metricFilterSchema;

/** Percentiles, mean and max of a set of durations (ms); null when the set is empty. */
export interface Distribution {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

/** Job counts: terminal ones in the window by finish time; `running`/`queued` are the jobs active now. */
export interface SummaryCounts {
  total: number;
  success: number;
  failure: number;
  timed_out: number;
  cancelled: number;
  skipped: number;
  running: number;
  queued: number;
}

/** `GET /metrics/summary` answer (docs/api.md, "Metrics"). */
export interface MetricsSummary {
  window: string;
  from: string;
  to: string;
  counts: SummaryCounts;
  /** success ÷ (success + failure + timed_out). */
  successRate: number | null;
  /** Over jobs that finished in the window as success, failure or timed_out. */
  durationMs: Distribution;
  /** Over jobs that started in the window. */
  queueMs: Distribution;
  /** Jobs started and finished in the window. */
  throughput: { started: number; finished: number };
  /** Active jobs flagged lost now (they count as `runner_lost` failures). */
  lost: number;
}

// ── Time series ─────────────────────────────────────────────────────────────

/** What a time series can plot. */
export const SERIES_METRICS = ["success_rate", "duration", "queue_time", "throughput"] as const;
/** A time-series metric. */
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** `GET /metrics/timeseries`: `bucket` is chosen for the window when omitted. */
export const timeseriesQuerySchema = metricFilterSchema.extend({
  metric: z.enum(SERIES_METRICS),
  bucket: z.enum(BUCKETS).optional(),
  groupBy: z.enum(DIMENSIONS).optional(),
});

/**
 * One bucket. `count` is how many jobs the metric was computed over; `value`
 * is the headline figure (success rate; p50 for durations; jobs finished for
 * throughput). The other fields belong to one metric each.
 */
export interface SeriesPoint {
  /** Start of the bucket. */
  t: string;
  count: number;
  value: number | null;
  // success_rate
  success?: number;
  failure?: number;
  timed_out?: number;
  cancelled?: number;
  skipped?: number;
  // duration, queue_time (ms)
  p50?: number | null;
  p90?: number | null;
  p95?: number | null;
  p99?: number | null;
  mean?: number | null;
  max?: number | null;
  // throughput
  started?: number;
  finished?: number;
}

/** One series: everything (`key` null), or one value of `groupBy`. */
export interface Series {
  key: string | null;
  /** Jobs counted across the whole series (groups are ranked by it). */
  total: number;
  points: SeriesPoint[];
}

/** Most series one grouped answer carries (the busiest groups). */
export const MAX_SERIES = 10;

/** `GET /metrics/timeseries` answer. Every series has the same bucket starts. */
export interface TimeseriesResponse {
  metric: SeriesMetric;
  /** The bucket used (coarser than asked when the window would exceed `MAX_POINTS`). */
  bucket: Bucket;
  window: string;
  from: string;
  to: string;
  groupBy: Dimension | null;
  series: Series[];
}

// ── Failures ────────────────────────────────────────────────────────────────

/** How `/metrics/failures` groups. */
export const FAILURE_GROUPS = ["cause", "workflow", "step"] as const;

/** `GET /metrics/failures`: failed, timed-out and cancelled jobs finished in the window, plus lost jobs. */
export const failuresQuerySchema = metricFilterSchema.extend({
  groupBy: z.enum(FAILURE_GROUPS).default("cause"),
  /** Failing jobs listed per group. */
  sample: z.coerce.number().int().min(0).max(50).default(10),
});

/** A failing job, as Triage lists it. */
export interface FailedJob {
  id: string;
  source: JobSource;
  repo: string;
  branch: string | null;
  workflow: string;
  name: string;
  status: JobStatus;
  cause: string;
  step: string | null;
  /** The vendor's reason verbatim. */
  reason: string | null;
  runner: string | null;
  url: string | null;
  /** When it finished (or was last heard of, for a lost job). */
  at: string;
}

/** One group of failures. For `workflow` the key is `"<repo> · <workflow>"`. */
export interface FailureGroup {
  key: string;
  count: number;
  /** Share of all failures in the window, 0..1. */
  share: number;
  lastAt: string;
  /** The most recent failing jobs of the group. */
  jobs: FailedJob[];
}

/** `GET /metrics/failures` answer, groups largest first. */
export interface FailuresResponse {
  window: string;
  from: string;
  to: string;
  groupBy: (typeof FAILURE_GROUPS)[number];
  total: number;
  groups: FailureGroup[];
}

// ── Flaky jobs ──────────────────────────────────────────────────────────────

/** `GET /metrics/flaky`. */
export const flakyQuerySchema = metricFilterSchema.extend({
  window: windowSchema.default("7d"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A job that failed and later passed on the same commit. */
export interface FlakyItem {
  repo: string;
  workflow: string;
  job: string;
  /** Commits on which it failed, then passed. */
  commits: number;
  /** Failures a later success on the same commit contradicted. */
  flakyFailures: number;
  lastSeenAt: string;
}

/** `GET /metrics/flaky` answer, most flaky first. */
export interface FlakyResponse {
  window: string;
  from: string;
  to: string;
  items: FlakyItem[];
}

// ── Workflows: slowest, least reliable, regressions, MTTR ───────────────────

/** `GET /metrics/workflows`: the window is compared with the `baseline` window before it. */
export const workflowsQuerySchema = metricFilterSchema.extend({
  window: windowSchema.default("7d"),
  baseline: windowSchema.default("28d"),
  /** Relative growth of p50 or p95 that counts as a regression (0.2 = 20% slower). */
  threshold: z.coerce.number().min(0.01).max(100).default(0.2),
  /** The branch MTTR is measured on (default: `main` or `master`). */
  defaultBranch: filterText.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One workflow's health. */
export interface WorkflowHealth {
  repo: string;
  workflow: string;
  total: number;
  successRate: number | null;
  p50: number | null;
  p95: number | null;
  baseline: { total: number; p50: number | null; p95: number | null };
  /** Relative growth of p50/p95 against the baseline (0.25 = 25% slower); null without a baseline. */
  change: { p50: number | null; p95: number | null };
  regression: boolean;
  /** Mean time to recovery on the default branch, ms; null when no recovery completed. */
  mttrMs: number | null;
  recoveries: number;
  /** Failing on the default branch since then; null when its latest result passed. */
  failingSince: string | null;
}

/** Recovery of one workflow on the default branch, measured on its runs. */
export interface WorkflowRecovery {
  repo: string;
  workflow: string;
  /** Completed recoveries (failed run → next successful run) in the window. */
  recoveries: number;
  /** Their mean duration, ms; null when none completed. */
  mttrMs: number | null;
  /** Failing since then, when its latest run failed; else null. */
  failingSince: string | null;
}

/** `GET /metrics/workflows` answer; lists are sorted for the Insights tables. */
export interface WorkflowsResponse {
  window: string;
  baseline: string;
  from: string;
  to: string;
  threshold: number;
  /** By p95, slowest first. */
  slowest: WorkflowHealth[];
  /** By success rate, lowest first (workflows with at least one counted job). */
  leastReliable: WorkflowHealth[];
  /** Regressions, largest change first. */
  regressions: WorkflowHealth[];
  /** MTTR on the default branch: failing workflows first (longest failing), then longest MTTR. */
  recovery: WorkflowRecovery[];
}

// ── Queue and runners ───────────────────────────────────────────────────────

/** `GET /metrics/queue`: now, per label pool. The window sets the queue-time p95 and utilisation. */
export const queueQuerySchema = z.object({
  source: jobSourceSchema.optional(),
  label: filterText.optional(),
  window: windowSchema.default("24h"),
  /** A job queued longer than this with no online runner carrying its labels is stuck. */
  stuckAfterMinutes: z.coerce.number().int().min(1).max(10_080).default(15),
});

/** A queued job, as the Queue page lists it. */
export interface WaitingJob {
  id: string;
  source: JobSource;
  repo: string;
  workflow: string;
  name: string;
  labels: string[];
  queuedAt: string;
  url: string | null;
  /** Queued past the threshold with no online runner carrying its labels. */
  stuck: boolean;
}

/**
 * A queued job as the Queue page lists it. A job without a queue time counts
 * from its start, and one with neither from the epoch (so it sorts as the oldest).
 */
export function toWaitingJob(job: Job, stuck: boolean): WaitingJob {
  return {
    id: job.id,
    source: job.source,
    repo: job.repo,
    workflow: job.workflow,
    name: job.name,
    labels: job.runner.labels,
    queuedAt: job.queuedAt ?? job.startedAt ?? new Date(0).toISOString(),
    url: job.url,
    stuck,
  };
}

/** One label pool now. */
export interface QueuePool {
  /** The pool (see `poolOf`): labels sorted and joined. */
  pool: string;
  labels: string[];
  queued: number;
  oldest: WaitingJob | null;
  stuck: number;
  runners: { online: number; busy: number; idle: number; offline: number };
  /** Over the window. */
  queueP95Ms: number | null;
  utilisation: number | null;
  /** A plain-language capacity hint, or null when the pool looks healthy. */
  hint: string | null;
}

/** `GET /metrics/queue` answer, busiest pools first. */
export interface QueueResponse {
  at: string;
  window: string;
  queued: number;
  stuck: number;
  pools: QueuePool[];
  /** Stuck jobs, oldest first (at most 100). */
  stuckJobs: WaitingJob[];
}

/** `GET /metrics/runners`: utilisation over the window. */
export const runnersMetricsQuerySchema = z.object({
  source: jobSourceSchema.optional(),
  label: filterText.optional(),
  window: windowSchema.default("24h"),
});

/** Busy time over online time. */
export interface Utilisation {
  busyMs: number;
  onlineMs: number;
  /** busyMs ÷ onlineMs; null when never online in the window. */
  utilisation: number | null;
  jobs: number;
}

/** `GET /metrics/runners` answer. */
export interface RunnersMetricsResponse {
  window: string;
  from: string;
  to: string;
  runners: (Utilisation & { id: string; name: string; source: JobSource; pool: string; status: string })[];
  pools: (Utilisation & { pool: string; runners: number })[];
}
