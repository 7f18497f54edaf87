/**
 * The metrics contract's lists: failures, flaky jobs, workflow health, the
 * queue and runner utilisation (re-exported by `lib/metrics.ts`; conventions there).
 */
import { z } from "zod";
import { jobSourceSchema, type Job, type JobEta, type JobSource, type JobStatus } from "./job";
import { windowSchema, metricFilterSchema, filterText } from "./metric-base";
import type { RunnerKind } from "./runner";
import type { Diagnosis, PoolRunner } from "./stall";

// ── Failures ────────────────────────────────────────────────────────────────

/** How `/metrics/failures` groups. */
export const FAILURE_GROUPS = ["cause", "workflow", "step", "category"] as const;

/**
 * The keys of `category` groups: who must act. `infrastructure` (the runner,
 * the network, the CI system) and `code` (tests, compilation, lint) come from
 * the failing log lines when a read token fetched them, else from the cause
 * ({@link CAUSE_CATEGORIES}); `undetermined` when neither tells.
 */
export const FAILURE_GROUP_CATEGORIES = ["infrastructure", "code", "undetermined"] as const;

/**
 * Which jobs `/metrics/failures` lists: `failed` (failure and timed_out, plus
 * lost jobs) or `cancelled` (cancellations alone, never mixed with failures).
 */
export const FAILURE_OUTCOMES = ["failed", "cancelled"] as const;
/** A `/metrics/failures` outcome. */
export type FailureOutcome = (typeof FAILURE_OUTCOMES)[number];

/** `GET /metrics/failures`: failed and timed-out jobs finished in the window plus lost jobs (or, asked for, cancellations). */
export const failuresQuerySchema = metricFilterSchema.extend({
  groupBy: z.enum(FAILURE_GROUPS).default("cause"),
  outcome: z.enum(FAILURE_OUTCOMES).default("failed"),
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
  /** A cancelled job a newer run superseded (present only then). */
  superseded?: boolean;
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
  /** Which jobs were counted. */
  outcome: FailureOutcome;
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
  /** Its predicted start, or null when its pool has too little history (as on `Job.eta`). */
  eta?: JobEta | null;
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
  /** How the pool's runners live (see `RUNNER_KINDS`); only self-hosted pools get a capacity hint. */
  kind: RunnerKind;
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
  /** Jobs of the pool running now. */
  running: number;
  /** What the stall radar finds wrong with the pool now (see `DIAGNOSIS_KINDS`). */
  diagnoses: Diagnosis[];
  /** The runners able to serve it (and its offline ones), most recently seen first (at most 50). */
  runnerList: PoolRunner[];
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
  /** Every diagnosis now, whatever the pool (`silent_source` ones have no pool). */
  diagnoses: Diagnosis[];
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
  runners: (Utilisation & {
    id: string;
    name: string;
    source: JobSource;
    pool: string;
    status: string;
    kind: RunnerKind;
  })[];
  /** Pools of runners not retired; `kind` as on the queue (see `QueuePool.kind`). */
  pools: (Utilisation & { pool: string; kind: RunnerKind; runners: number })[];
}
