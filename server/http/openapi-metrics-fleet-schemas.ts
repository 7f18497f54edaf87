/**
 * Component schemas of the queue and runner metrics answers
 * (`/api/v1/metrics/queue`, `/api/v1/metrics/runners`), typed against their
 * interfaces in `lib/metrics.ts` (`objectOf`).
 */
import type {
  QueuePool,
  QueueResponse,
  RunnersMetricsResponse,
  Utilisation,
  WaitingJob,
} from "../../lib/metrics";
import { RUNNER_KINDS, RUNNER_STATUSES } from "../../lib/runner";
import { list, ms, rate, source, windowFields } from "./openapi-metrics-schemas";
import {
  count,
  isoTime,
  nullable,
  objectOf,
  ref,
  strings,
  text,
  type JsonSchema,
} from "./openapi-schema-kit";

const waitingJob = objectOf<WaitingJob>(
  "A queued job, as the Queue page lists it.",
  {
    id: text("The job's id."),
    source,
    repo: text(),
    workflow: text(),
    name: text("The job's name."),
    labels: strings("The runner labels it asks for."),
    queuedAt: isoTime("When it was queued."),
    url: nullable(text("Link to the job in the vendor's UI.")),
    stuck: {
      type: "boolean",
      description: "Queued longer than `stuckAfterMinutes` with no online runner carrying its labels.",
    },
    eta: nullable({
      ...ref("JobEta"),
      description: "Its predicted start, or null when its pool has too little history.",
    }),
  },
  { eta: true },
);

const queuePool = objectOf<QueuePool>(
  "One label pool now: the jobs asking for these labels and the runners able to serve them.",
  {
    pool: text(
      "The pool: its labels sorted and joined with `, ` (the runner group, or `unlabelled`, without labels).",
    ),
    kind: {
      type: "string",
      enum: [...RUNNER_KINDS],
      description:
        "How its runners live: the kind set for it, else `hosted` when its jobs ran on vendor-hosted runners in the window, else `self-hosted`. Only self-hosted pools get a capacity hint; a job of another pool is stuck once it has waited `stuckAfterMinutes`.",
    },
    labels: strings("The labels its jobs ask for."),
    queued: count("Jobs queued now."),
    oldest: nullable({ ...ref("WaitingJob"), description: "The longest-waiting job." }),
    stuck: count("Stuck jobs now."),
    runners: objectOf<QueuePool["runners"]>(
      "Runners of the pool's source by state now.",
      {
        online: count("Online runners carrying every label the pool asks for."),
        busy: count("Of those, running a job."),
        idle: count("Of those, idle."),
        offline: count("Offline runners of the pool."),
      },
      {},
    ),
    queueP95Ms: nullable(ms("95th-percentile queue time of the pool's jobs that started in the window, ms.")),
    utilisation: nullable(
      rate("Busy ÷ online time of the online runners able to serve it, over the window."),
    ),
    hint: nullable(
      text(
        "A plain-language capacity hint (start a runner, add runners, or the pool could shrink); null when it looks healthy.",
      ),
    ),
    running: count("Jobs of the pool running now."),
    diagnoses: list("Diagnosis", "What the stall radar finds wrong with the pool now."),
    runnerList: list(
      "PoolRunner",
      "The runners able to serve it (and its offline ones) with their status and last sign of life, most recently seen first, at most 50.",
    ),
  },
  {},
);

const queueResponse = objectOf<QueueResponse>(
  "`GET /api/v1/metrics/queue`.",
  {
    at: isoTime("When the queue was read."),
    window: text("The window the pools' queue p95 and utilisation cover."),
    queued: count("Jobs queued now."),
    stuck: count("Stuck jobs now."),
    pools: list("QueuePool", "Most queued first, then most stuck."),
    stuckJobs: list("WaitingJob", "Stuck jobs, at most 100."),
    diagnoses: list("Diagnosis", "Every diagnosis now, whatever the pool (`silent_source` ones have none)."),
  },
  {},
);

const utilisation = objectOf<Utilisation>(
  "Busy time over online time in the window.",
  {
    busyMs: ms("Time spent running jobs in the window, ms."),
    onlineMs: ms(
      "Time online in the window, ms: up to now for a runner online now, else up to its last sign of life (a runner that joined during the window counts from its start).",
    ),
    utilisation: nullable(rate("busyMs ÷ onlineMs, capped at 1; null when never online in the window.")),
    jobs: count("Jobs that ran in the window."),
  },
  {},
);

type RunnerUse = RunnersMetricsResponse["runners"][number];
type PoolUse = RunnersMetricsResponse["pools"][number];

const runnerUtilisation: JsonSchema = {
  allOf: [
    ref("Utilisation"),
    objectOf<Omit<RunnerUse, keyof Utilisation>>(
      "One runner's utilisation.",
      {
        id: text("`<source>:<runner name>`."),
        name: text(),
        source,
        pool: text("Its pool: its labels sorted and joined, else its group, else `unlabelled`."),
        status: { type: "string", enum: [...RUNNER_STATUSES], description: "Its status now." },
        kind: {
          type: "string",
          enum: [...RUNNER_KINDS],
          description: "Its kind now (see Runner).",
        },
      },
      {},
    ),
  ],
};

const poolUtilisation: JsonSchema = {
  allOf: [
    ref("Utilisation"),
    objectOf<Omit<PoolUse, keyof Utilisation>>(
      "A runner pool's utilisation: the sums over its runners.",
      {
        pool: text("The pool."),
        kind: {
          type: "string",
          enum: [...RUNNER_KINDS],
          description: "The pool's kind (see QueuePool).",
        },
        runners: count("Runners of the pool seen in the window, retired ones left out."),
      },
      {},
    ),
  ],
};

const runnersMetricsResponse = objectOf<RunnersMetricsResponse>(
  "`GET /api/v1/metrics/runners`.",
  {
    ...windowFields,
    runners: list("RunnerUtilisation", "Runners online at some time in the window, most utilised first."),
    pools: list("PoolUtilisation", "Pools of those runners, most utilised first."),
  },
  {},
);

/** The queue and runner component schemas, by name. */
export const FLEET_SCHEMAS: Record<string, JsonSchema> = {
  QueueResponse: queueResponse,
  QueuePool: queuePool,
  WaitingJob: waitingJob,
  RunnersMetricsResponse: runnersMetricsResponse,
  Utilisation: utilisation,
  RunnerUtilisation: runnerUtilisation,
  PoolUtilisation: poolUtilisation,
};
