/**
 * The metrics slice: aggregate reads over the hourly roll-ups and the job
 * columns, and the upkeep that keeps those roll-ups current. Windows are
 * [from, to) in ms; filters are exact dimension matches.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import type { Dimension, FailureGroup, FailureOutcome, FAILURE_GROUPS } from "../../lib/metrics";
import type { PipelineRun } from "../../lib/run";
import type { Aggregate } from "../domain/metric-aggregate";
import { createDayCache } from "./day-cache";
import { DAYS_PER_ROUND, refreshDays } from "./metric-days";
import { failureGroups } from "./metric-failures";
import { finishedFacts, type FinishedFact } from "./metric-flaky";
import {
  countActive,
  runnerActivity,
  runsOnBranches,
  waitingJobs,
  type RunnerActivity,
} from "./metric-lists";
import { aggregateBuckets, aggregateWindow, type BucketedAggregates } from "./metric-queries";
import { REFRESH_BATCH, refreshRollups, type SketchNeed } from "./metric-rollups";
import type { DimensionFilter } from "./metric-scan";
import { workflowStats, type WorkflowStats } from "./metric-workflows";
import type { Database } from "./schema";

/** Metric reads and roll-up upkeep. */
export interface MetricsStore {
  /**
   * Rebuilds every stale hourly roll-up, then every stale daily one; resolves with how many
   * hours were rebuilt. One at a time.
   */
  refreshMetrics(): Promise<number>;
  /** Every job in the window as one aggregate (call `refreshMetrics` first for up-to-date roll-ups). */
  aggregateWindow(filter: DimensionFilter, from: number, to: number): Promise<Aggregate>;
  /** Aggregates per bucket (from aligned by the caller), per value of `groupBy` when given. */
  aggregateBuckets(
    filter: DimensionFilter,
    from: number,
    to: number,
    bucketMs: number,
    groupBy: Dimension | null,
    /** Sketches to read (default both); counts are always there. */
    need?: SketchNeed,
  ): Promise<BucketedAggregates>;
  /** Active jobs now. */
  countActiveJobs(filter: DimensionFilter): Promise<{ running: number; queued: number; lost: number }>;
  /**
   * Failed jobs in the window plus lost ones (or, with `outcome` `cancelled`, the cancelled
   * jobs alone), grouped, with the latest `sample` jobs of each group.
   */
  failureGroups(
    filter: DimensionFilter,
    from: number,
    to: number,
    groupBy: (typeof FAILURE_GROUPS)[number],
    sample: number,
    outcome?: FailureOutcome,
  ): Promise<{ total: number; groups: FailureGroup[] }>;
  /**
   * Jobs that finished in the window as success, failure or timed_out, on commits where the
   * same job both failed and passed (the flaky rule's candidates; call `refreshMetrics` first).
   */
  finishedFacts(filter: DimensionFilter, from: number, to: number): Promise<FinishedFact[]>;
  /**
   * Per workflow (key `JSON.stringify([repo, workflow])`): counts, and p50/p95 of durations
   * within the sketch's 0.5% (call `refreshMetrics` first for up-to-date roll-ups).
   */
  workflowStats(filter: DimensionFilter, from: number, to: number): Promise<Map<string, WorkflowStats>>;
  /** Runs on these branches created in the window. */
  runsOnBranches(
    filter: DimensionFilter,
    branches: readonly string[],
    from: number,
    to: number,
  ): Promise<PipelineRun[]>;
  /** Jobs waiting for a runner now, oldest first (at most 5,000). */
  waitingJobs(filter: DimensionFilter): Promise<Job[]>;
  /** Jobs running at any time in the window. */
  runnerActivity(filter: DimensionFilter, from: number, to: number): Promise<RunnerActivity[]>;
}

/**
 * The metrics slice over a Kysely database. `settled` resolves once no
 * roll-up refresh is in flight (the composed store awaits it before closing).
 */
export function createMetricsStore(db: Kysely<Database>): {
  metrics: MetricsStore;
  settled(): Promise<void>;
} {
  // Whole-day merges kept between calls (the workflow page's baseline), dropped as days are rebuilt.
  const days = createDayCache(db);
  // One roll-up refresh at a time; callers arriving meanwhile share it.
  let refreshing: Promise<number> | null = null;
  const refresh = async () => {
    // Rounds continue only while a full batch was found (a backlog); hours re-dirtied by
    // live ingest meanwhile wait for the next call, so steady traffic cannot keep it spinning.
    let total = 0;
    let n: number;
    do {
      n = await refreshRollups(db, { limit: REFRESH_BATCH });
      total += n;
    } while (n === REFRESH_BATCH);
    // Then the days those hours belong to (the same rule: continue only through a backlog).
    while ((await refreshDays(db, DAYS_PER_ROUND, (day) => days.forget(day))) === DAYS_PER_ROUND);
    return total;
  };

  const metrics: MetricsStore = {
    refreshMetrics() {
      refreshing ??= refresh().finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    aggregateWindow: (filter, from, to) => aggregateWindow(db, filter, from, to),
    aggregateBuckets: (filter, from, to, bucketMs, groupBy, need) =>
      aggregateBuckets(db, filter, from, to, bucketMs, groupBy, need),
    countActiveJobs: (filter) => countActive(db, filter),
    failureGroups: (filter, from, to, groupBy, sample, outcome) =>
      failureGroups(db, filter, from, to, groupBy, sample, outcome),
    finishedFacts: (filter, from, to) => finishedFacts(db, filter, from, to),
    workflowStats: (filter, from, to) => workflowStats(db, filter, from, to, days),
    runsOnBranches: (filter, branches, from, to) => runsOnBranches(db, filter, branches, from, to),
    waitingJobs: (filter) => waitingJobs(db, filter),
    runnerActivity: (filter, from, to) => runnerActivity(db, filter, from, to),
  };
  return {
    metrics,
    // A refresh in flight finishes first (it is bounded: 500 hours a round); its failure is its caller's.
    settled: async () => {
      await refreshing?.catch(() => undefined);
    },
  };
}
