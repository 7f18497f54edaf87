/**
 * The metrics operations of the OpenAPI document (`metrics-routes.ts`):
 * query parameters from the `lib/metrics.ts` zod schemas the routes validate
 * with, answers from `openapi-metrics-schemas.ts`, and the semantics of each
 * figure in the operation's description.
 */
import {
  BUCKETS,
  DIMENSIONS,
  failuresQuerySchema,
  FAILURE_GROUPS,
  flakyQuerySchema,
  MAX_POINTS,
  MAX_SERIES,
  queueQuerySchema,
  runnersMetricsQuerySchema,
  SERIES_METRICS,
  summaryQuerySchema,
  timeseriesQuerySchema,
  workflowsQuerySchema,
} from "../../lib/metrics";
import { errorResponse, json, operation, queryParameters, type Method } from "./openapi-operation";
import { ref, type JsonSchema } from "./openapi-schema-kit";

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");

const windowHelp = (fallback: string) =>
  `How far back from now: \`<n>m\`, \`<n>h\` or \`<n>d\` (e.g. \`90m\`, \`24h\`, \`7d\`), between 1h and 90d. Default \`${fallback}\`.`;

/** Filters every metric accepts; each is an exact match and they combine with "and". */
const FILTER_HELP: Record<string, string> = {
  repo: "`owner/name` (or the vendor's project path), exact.",
  branch: "Exact.",
  workflow: "Workflow / pipeline name, exact.",
  job: "The job's name, exact.",
  label: "One runner label the job asked for or ran with, e.g. `gpu`.",
  source: "One CI source, e.g. `github`.",
  window: windowHelp("24h"),
};

const TIMESERIES_HELP: Record<string, string> = {
  ...FILTER_HELP,
  metric:
    "What to plot: `success_rate` (success ÷ success + failure + timed_out), `duration` (run time of finished jobs), `queue_time` (of started jobs) or `throughput` (jobs started and finished).",
  bucket: `Bucket size: ${list(BUCKETS)}. When omitted, the finest giving at most 400 points over the window. When asked for, it is used unless the series would exceed ${MAX_POINTS} points, in which case the finest coarser size that does not is used (the answer's \`bucket\` says which).`,
  groupBy: `One series per value of this dimension (${list(DIMENSIONS)}), the ${MAX_SERIES} busiest; omitted for one series of all jobs.`,
};

const FAILURES_HELP: Record<string, string> = {
  ...FILTER_HELP,
  groupBy: `How to group: ${list(FAILURE_GROUPS)}. \`cause\` is the classified cause code, \`workflow\` is \`<repo> · <workflow>\`, \`step\` is the failed step's name, \`category\` is who must act: \`infrastructure\`, \`code\` or \`undetermined\` (from the failing log lines when a read token fetched them, else from the cause). Default \`cause\`.`,
  sample: "Most recent failing jobs listed per group, 0 to 50 (0 lists none). Default 10.",
  outcome:
    "Which jobs: `failed` (failure and timed_out, plus lost jobs; the default) or `cancelled` (cancelled jobs alone). Cancellations are never mixed with failures.",
};

const FLAKY_HELP: Record<string, string> = {
  ...FILTER_HELP,
  window: windowHelp("7d"),
  limit: "Most flaky jobs returned, 1 to 200. Default 50.",
};

const WORKFLOWS_HELP: Record<string, string> = {
  ...FILTER_HELP,
  window: windowHelp("7d"),
  baseline: "The window just before `window` to compare with, same format (`1h`…`90d`). Default `28d`.",
  threshold:
    "Relative growth of p50 or p95 duration over the baseline that counts as a regression: `0.2` means more than 20% slower. 0.01 to 100. Default 0.2.",
  defaultBranch: "The branch MTTR and `failingSince` are measured on. Default: `main` or `master`.",
  limit: "Most workflows in each list, 1 to 200. Default 50.",
};

const FLEET_HELP: Record<string, string> = {
  source: "Only runners and jobs of this CI source.",
  label: "Only runners carrying, and jobs asking for, this label.",
  window: windowHelp("24h"),
};

const QUEUE_HELP: Record<string, string> = {
  ...FLEET_HELP,
  window: `${windowHelp("24h")} Sets the span of each pool's queue-time p95 and utilisation; the queue itself is now.`,
  stuckAfterMinutes:
    "A job queued at least this long, with no online runner of its source carrying every label it asks for, is stuck. 1 to 10080. Default 15.",
};

/** Shared by every metric: the conventions of the answers. */
const CONVENTIONS =
  "Times are ISO 8601 in UTC, durations are milliseconds, rates are 0..1 (null when nothing was counted), and percentiles are nearest-rank, read from a mergeable sketch within 0.5% of the exact value.";

const metric = (
  operationId: string,
  summary: string,
  description: string,
  parameters: JsonSchema[],
  schema: string,
  answer: string,
): Partial<Record<Method, JsonSchema>> => ({
  get: operation("get", operationId, {
    tag: "Metrics",
    access: "read",
    summary,
    description,
    parameters,
    responses: { "200": json(ref(schema), answer), "400": errorResponse("BadRequest") },
  }),
});

/** The operations of the metrics routes, by OpenAPI path. */
export function metricsPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/metrics/summary": metric(
      "metricsSummary",
      "Counts, success rate and distributions over a window",
      `Jobs matching the filters over the window ending now. Terminal jobs count by finish time; \`running\`, \`queued\` and \`lost\` are the jobs active now (a job an admin marked lost counts in \`lost\` only). Durations cover jobs that finished as success, failure or timed_out; queue times cover jobs that started in the window. ${CONVENTIONS}`,
      queryParameters(summaryQuerySchema, FILTER_HELP),
      "MetricsSummary",
      "The summary.",
    ),
    "/api/v1/metrics/timeseries": metric(
      "metricsTimeseries",
      "One metric per time bucket, optionally one series per group",
      `Buckets are aligned to wall-clock boundaries in UTC; the first starts at the window's start aligned down, and empty buckets are included, so every series has the same bucket starts. Success rates and durations count jobs by finish time, queue times by start time. With \`groupBy\`, the ${MAX_SERIES} groups with the most jobs are returned. Metrics: ${list(SERIES_METRICS)}. ${CONVENTIONS}`,
      queryParameters(timeseriesQuerySchema, TIMESERIES_HELP),
      "TimeseriesResponse",
      "The series.",
    ),
    "/api/v1/metrics/failures": metric(
      "metricsFailures",
      "Failures grouped by cause, workflow or step",
      "Jobs that finished as failure or timed_out in the window, plus the active jobs flagged lost now (a lost job counts as a `runner_lost` failure), grouped and largest group first, each group with its most recent jobs. Cancelled jobs are not failures: with `outcome=cancelled` the answer lists them instead, alone.",
      queryParameters(failuresQuerySchema, FAILURES_HELP),
      "FailuresResponse",
      "The groups.",
    ),
    "/api/v1/metrics/flaky": metric(
      "metricsFlaky",
      "Jobs that failed and then passed on the same commit",
      "A job (same repo, workflow and job name) is flaky on a commit when it finished as failure or timed_out and later as success on that commit, re-run attempts included; each commit counts once. Jobs that finished in the window; jobs without a commit sha are skipped. Most flaky first.",
      queryParameters(flakyQuerySchema, FLAKY_HELP),
      "FlakyResponse",
      "The flaky jobs.",
    ),
    "/api/v1/metrics/workflows": metric(
      "metricsWorkflows",
      "Slowest and least reliable workflows, regressions and MTTR",
      `Per workflow (repo and workflow name), over jobs that finished as success, failure or timed_out in the window: success rate and p50/p95 duration, compared with the \`baseline\` window just before it. A regression is p50 or p95 growing by more than \`threshold\`, with at least 5 timed jobs on each side. MTTR is measured on the default branch's runs: from the first failed run after a success to the next successful run, averaged over the recoveries completed in the window; \`recovery\` lists it per workflow, failing workflows first. ${CONVENTIONS}`,
      queryParameters(workflowsQuerySchema, WORKFLOWS_HELP),
      "WorkflowsResponse",
      "Rankings of workflow health, and recovery per workflow.",
    ),
    "/api/v1/metrics/queue": metric(
      "metricsQueue",
      "The queue now, per label pool, with stuck jobs and capacity hints",
      "Jobs queued now, grouped by the label pool they ask for (their labels sorted and joined), busiest pool first. A job is stuck when it has waited at least `stuckAfterMinutes` and no online runner of its source carries every label it asks for (labels compare case-insensitively). Each pool also gets the p95 queue time of its jobs that started in the window, the utilisation of the online runners able to serve it, and a plain-language capacity hint.",
      queryParameters(queueQuerySchema, QUEUE_HELP),
      "QueueResponse",
      "The queue.",
    ),
    "/api/v1/metrics/runners": metric(
      "metricsRunners",
      "Runner utilisation over a window, per runner and per pool",
      "Utilisation is busy time ÷ online time. Busy time is the overlap of the runner's jobs with the window. Online time runs from the window's start to now for a runner online now, or to its last sign of life for one offline now; Runwatch keeps no history of connects, so a runner that joined during the window is counted online from its start, understating its share. A pool sums its runners.",
      queryParameters(runnersMetricsQuerySchema, FLEET_HELP),
      "RunnersMetricsResponse",
      "Utilisation per runner and per pool.",
    ),
  };
}
