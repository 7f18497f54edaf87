/**
 * Component schemas of the metrics answers (`/api/v1/metrics/*`), one per
 * response interface of `lib/metrics.ts`, each typed against it (`objectOf`)
 * so a field added there fails the type-check until it is documented here.
 * The queue and runner answers are in `openapi-metrics-fleet-schemas.ts`,
 * which shares the small builders exported here.
 */
import {
  BUCKETS,
  DIMENSIONS,
  FAILURE_GROUPS,
  FAILURE_OUTCOMES,
  MAX_POINTS,
  MAX_SERIES,
  SERIES_METRICS,
  type Distribution,
  type FailedJob,
  type FailureGroup,
  type FailuresResponse,
  type FlakyItem,
  type FlakyResponse,
  type MetricsSummary,
  type Series,
  type SeriesPoint,
  type SummaryCounts,
  type TimeseriesResponse,
  type WorkflowHealth,
  type WorkflowRecovery,
  type WorkflowsResponse,
} from "../../lib/metrics";
import { count, isoTime, nullable, objectOf, ref, text, type JsonSchema } from "./openapi-schema-kit";

/** The job's CI source. */
export const source: JsonSchema = ref("JobSource");
/** A list of a component schema. */
export const list = (item: string, description: string): JsonSchema => ({
  type: "array",
  items: ref(item),
  description,
});
/** A whole number of milliseconds. */
export const ms = (description: string): JsonSchema => ({ type: "integer", minimum: 0, description });
/** A ratio, 0..1. */
export const rate = (description: string): JsonSchema => ({
  type: "number",
  minimum: 0,
  maximum: 1,
  description,
});
const growth = (description: string): JsonSchema => nullable({ type: "number", description });

/** `window`, `from` and `to` of every windowed answer. */
export const windowFields = {
  window: text("The window asked for (or its default), e.g. `24h`."),
  from: isoTime("Start of the window (inclusive)."),
  to: isoTime("End of the window: the time of the request."),
};

// ── Summary ─────────────────────────────────────────────────────────────────

const distribution = objectOf<Distribution>(
  "Nearest-rank percentiles (within 0.5%), mean and max of a set of durations, in whole ms; all null when the set is empty.",
  {
    p50: nullable(ms("Median.")),
    p90: nullable(ms("90th percentile.")),
    p95: nullable(ms("95th percentile.")),
    p99: nullable(ms("99th percentile.")),
    mean: nullable(ms("Mean.")),
    max: nullable(ms("Largest (exact).")),
  },
  {},
);

const summaryCounts = objectOf<SummaryCounts>(
  "Job counts: terminal statuses count jobs that finished in the window; `running` and `queued` are the jobs active now.",
  {
    total: count("Jobs finished in the window (any terminal status) plus `running` and `queued`."),
    success: count("Finished as success."),
    failure: count("Finished as failure."),
    timed_out: count("Finished as timed_out."),
    cancelled: count("Finished as cancelled."),
    skipped: count("Finished as skipped."),
    neutral: count("Finished as neutral (GitHub neutral / action_required): no verdict, in no rate."),
    running: count("Running now."),
    queued: count("Queued or waiting now."),
  },
  {},
);

const metricsSummary = objectOf<MetricsSummary>(
  "`GET /api/v1/metrics/summary`.",
  {
    ...windowFields,
    counts: ref("SummaryCounts"),
    successRate: nullable(
      rate(
        "Successes of decided jobs: success ÷ (success + failure + timed_out); cancelled, skipped and neutral excluded. Null when none of those finished in the window.",
      ),
    ),
    durationMs: {
      ...ref("Distribution"),
      description: "Run time of jobs that finished in the window as success, failure or timed_out.",
    },
    queueMs: { ...ref("Distribution"), description: "Queue time of jobs that started in the window." },
    throughput: objectOf<MetricsSummary["throughput"]>(
      "Jobs started, and jobs finished, in the window.",
      { started: count("Jobs started in the window."), finished: count("Jobs finished in the window.") },
      {},
    ),
    lost: count("Active jobs flagged lost now (they count as `runner_lost` failures)."),
  },
  {},
);

// ── Time series ─────────────────────────────────────────────────────────────

const seriesPoint = objectOf<SeriesPoint>(
  "One bucket. `count` and `value` are always present; the other fields belong to one metric each: the status counts to `success_rate`, the distribution to `duration` and `queue_time`, `started`/`finished` to `throughput`.",
  {
    t: isoTime("Start of the bucket (UTC-aligned)."),
    count: count(
      "Jobs the value was computed over: success + failure + timed_out (success_rate), timed jobs (duration, queue_time), jobs finished (throughput).",
    ),
    value: nullable({
      type: "number",
      description:
        "The headline figure: the success rate (0..1), the p50 in ms (duration, queue_time) or jobs finished (throughput); null when nothing was counted.",
    }),
    success: count("success_rate: finished as success."),
    failure: count("success_rate: finished as failure."),
    timed_out: count("success_rate: finished as timed_out."),
    cancelled: count("success_rate: finished as cancelled (not in the rate)."),
    skipped: count("success_rate: finished as skipped (not in the rate)."),
    neutral: count("success_rate: finished as neutral (not in the rate)."),
    p50: nullable(ms("duration, queue_time: median, ms.")),
    p90: nullable(ms("duration, queue_time: 90th percentile, ms.")),
    p95: nullable(ms("duration, queue_time: 95th percentile, ms.")),
    p99: nullable(ms("duration, queue_time: 99th percentile, ms.")),
    mean: nullable(ms("duration, queue_time: mean, ms.")),
    max: nullable(ms("duration, queue_time: largest, ms.")),
    started: count("throughput: jobs started in the bucket."),
    finished: count("throughput: jobs finished in the bucket."),
  },
  {
    success: true,
    failure: true,
    timed_out: true,
    cancelled: true,
    skipped: true,
    neutral: true,
    p50: true,
    p90: true,
    p95: true,
    p99: true,
    mean: true,
    max: true,
    started: true,
    finished: true,
  },
);

const series = objectOf<Series>(
  "One series: all matching jobs (`key` null), or one value of `groupBy`.",
  {
    key: nullable(text("The group's value (a repo, a label…); null when not grouped.")),
    total: count("Jobs started plus jobs finished across the series; groups are ranked by it."),
    points: list("SeriesPoint", "One point per bucket, oldest first, including empty buckets."),
  },
  {},
);

const timeseriesResponse = objectOf<TimeseriesResponse>(
  "`GET /api/v1/metrics/timeseries`. Every series has the same bucket starts.",
  {
    metric: { type: "string", enum: [...SERIES_METRICS], description: "The metric plotted." },
    bucket: {
      type: "string",
      enum: [...BUCKETS],
      description: `The bucket used: the one asked for, or coarser when the window would need more than ${MAX_POINTS} points.`,
    },
    window: windowFields.window,
    from: isoTime("Start of the first bucket (the window's start, aligned down to the bucket)."),
    to: windowFields.to,
    groupBy: nullable({ type: "string", enum: [...DIMENSIONS], description: "The grouping, if any." }),
    series: list(
      "Series",
      `One series when not grouped; else the ${MAX_SERIES} busiest groups, busiest first.`,
    ),
  },
  {},
);

// ── Failures and flaky jobs ─────────────────────────────────────────────────

const failedJob = objectOf<FailedJob>(
  "A failing job, as Triage lists it.",
  {
    id: text("The job's id (`<source>:<vendor job id>`)."),
    source,
    repo: text(),
    branch: nullable(text()),
    workflow: text(),
    name: text("The job's name."),
    status: {
      ...ref("JobStatus"),
      description: "failure or timed_out (cancelled with `outcome=cancelled`); an active status when lost.",
    },
    cause: text("The classified cause (see `JobFailure.cause`); `unknown` when unclassified."),
    step: nullable(text("The step that failed, when known.")),
    reason: nullable(text("The vendor's reason, verbatim.")),
    runner: nullable(text("The runner's name, when one took the job.")),
    url: nullable(text("Link to the job in the vendor's UI.")),
    superseded: {
      type: "boolean",
      description: "A cancelled job a newer run superseded (present only then).",
    },
    at: isoTime("When it finished (or was last heard of, for a lost job)."),
  },
  { superseded: true },
);

const failureGroup = objectOf<FailureGroup>(
  "One group of failures.",
  {
    key: text(
      "The cause code (`cause`), `<repo> · <workflow>` (`workflow`), or the failed step's name, `(no step)` when unknown (`step`).",
    ),
    count: count("Failures in the group."),
    share: rate("Share of all failures in the answer."),
    lastAt: isoTime("The group's latest failure."),
    jobs: list("FailedJob", "The group's most recent failing jobs, newest first (at most `sample`)."),
  },
  {},
);

const failuresResponse = objectOf<FailuresResponse>(
  "`GET /api/v1/metrics/failures`, groups largest first.",
  {
    ...windowFields,
    groupBy: { type: "string", enum: [...FAILURE_GROUPS], description: "The grouping." },
    outcome: {
      type: "string",
      enum: [...FAILURE_OUTCOMES],
      description: "Which jobs were counted: `failed` or `cancelled`.",
    },
    total: count(
      "Jobs counted: failed and timed-out jobs plus lost jobs (`failed`), or cancelled jobs (`cancelled`).",
    ),
    groups: list("FailureGroup", "Largest first."),
  },
  {},
);

const flakyItem = objectOf<FlakyItem>(
  "A job (repo, workflow and job name) that failed and later passed on the same commit.",
  {
    repo: text(),
    workflow: text(),
    job: text("The job's name."),
    commits: count("Commits on which it failed, then passed."),
    flakyFailures: count("Failures a later success on the same commit contradicted."),
    lastSeenAt: isoTime("The latest success that followed a failure."),
  },
  {},
);

const flakyResponse = objectOf<FlakyResponse>(
  "`GET /api/v1/metrics/flaky`.",
  {
    ...windowFields,
    items: list("FlakyItem", "Most flaky first: by commits, then flaky failures, then most recent."),
  },
  {},
);

// ── Workflows ───────────────────────────────────────────────────────────────

const workflowHealth = objectOf<WorkflowHealth>(
  "One workflow's health over the window, against the baseline window before it.",
  {
    repo: text(),
    workflow: text(),
    total: count("Jobs that finished in the window as success, failure or timed_out."),
    successRate: nullable(rate("success ÷ total.")),
    p50: nullable(ms("Median job duration in the window, ms.")),
    p95: nullable(ms("95th-percentile job duration in the window, ms.")),
    baseline: objectOf<WorkflowHealth["baseline"]>(
      "The same figures over the baseline window.",
      {
        total: count("Jobs counted in the baseline."),
        p50: nullable(ms("Median duration, ms.")),
        p95: nullable(ms("95th-percentile duration, ms.")),
      },
      {},
    ),
    change: objectOf<WorkflowHealth["change"]>(
      "Relative growth against the baseline (0.25 = 25% slower, negative = faster); null without a baseline.",
      { p50: growth("Growth of p50."), p95: growth("Growth of p95.") },
      {},
    ),
    regression: {
      type: "boolean",
      description:
        "p50 or p95 grew by more than `threshold`, with at least 5 timed jobs in both the window and the baseline.",
    },
    mttrMs: nullable({
      type: "number",
      minimum: 0,
      description:
        "Mean time to recovery on the default branch, ms: from a failed run to the next successful run, averaged; null when no recovery completed.",
    }),
    recoveries: count("Recoveries completed on the default branch in the window."),
    failingSince: nullable(
      isoTime("Failing on the default branch since then; null when its latest result passed."),
    ),
  },
  {},
);

const workflowRecovery = objectOf<WorkflowRecovery>(
  "Recovery of one workflow on the default branch, measured on its runs.",
  {
    repo: text(),
    workflow: text(),
    recoveries: count("Recoveries (failed run → next successful run) completed in the window."),
    mttrMs: nullable({
      type: "number",
      minimum: 0,
      description: "Their mean duration, ms; null when none completed.",
    }),
    failingSince: nullable(isoTime("Failing since then, when its latest run failed; else null.")),
  },
  {},
);

const workflowsResponse = objectOf<WorkflowsResponse>(
  "`GET /api/v1/metrics/workflows`; each list holds at most `limit` workflows.",
  {
    window: windowFields.window,
    baseline: text("The baseline window, which ends where the window starts."),
    from: windowFields.from,
    to: windowFields.to,
    threshold: { type: "number", description: "The regression threshold used." },
    slowest: list("WorkflowHealth", "By p95, slowest first."),
    leastReliable: list("WorkflowHealth", "By success rate, lowest first (workflows with a rate only)."),
    regressions: list("WorkflowHealth", "Regressions only, largest change first."),
    recovery: list(
      "WorkflowRecovery",
      "MTTR on the default branch: failing workflows first (longest failing), then longest MTTR.",
    ),
  },
  {},
);

/** The metrics component schemas (queue and runners aside), by name. */
export const METRICS_SCHEMAS: Record<string, JsonSchema> = {
  MetricsSummary: metricsSummary,
  Distribution: distribution,
  SummaryCounts: summaryCounts,
  TimeseriesResponse: timeseriesResponse,
  Series: series,
  SeriesPoint: seriesPoint,
  FailuresResponse: failuresResponse,
  FailureGroup: failureGroup,
  FailedJob: failedJob,
  FlakyResponse: flakyResponse,
  FlakyItem: flakyItem,
  WorkflowsResponse: workflowsResponse,
  WorkflowHealth: workflowHealth,
  WorkflowRecovery: workflowRecovery,
};
