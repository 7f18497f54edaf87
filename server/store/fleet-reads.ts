/** The fleet slice: runners, their pools' kinds, hosted usage, and the health of each webhook source. */
import type { Kysely } from "kysely";
import type { Job, JobSource } from "../../lib/job";
import type { Runner, RunnerKind } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import { countLostJobs, selectDeliveryStats } from "./delivery-queries";
import { selectPoolKinds, updatePoolKind, type PoolKind } from "./fleet-kinds";
import { selectUsage, type UsageRow } from "./fleet-usage";
import { retireRunners, selectRunners } from "./runner-queries";
import { markJobLost, selectDeliveryTimes, selectRunningJobs, type MarkLostResult } from "./stall-queries";
import type { Database } from "./schema";

export type { PoolKind } from "./fleet-kinds";
export type { UsageRow } from "./fleet-usage";
export type { MarkLostResult } from "./stall-queries";

/** Runner, pool and source-health reads, and the few fleet writes an admin or the watchdog makes. */
export interface FleetReads {
  /**
   * Every runner not retired (with `includeRetired`, retired ones kept for
   * history too), as stored: time-based offline and kinds are decided by the
   * caller with `effectiveRunner`.
   */
  listRunners(options?: { includeRetired?: boolean }): Promise<Runner[]>;
  /** Delivery counts of every source that has had a delivery. */
  listDeliveryStats(): Promise<DeliveryStats[]>;
  /** How many active jobs are flagged lost, per source. */
  countLostJobs(): Promise<Partial<Record<JobSource, number>>>;
  /** Every kind set for a pool, by pool. */
  listPoolKinds(): Promise<PoolKind[]>;
  /**
   * Sets (null: clears) the kind of a pool, in one transaction, and returns
   * the pool's runners as rewritten (to announce them).
   */
  setPoolKind(pool: string, kind: RunnerKind | null, at: number): Promise<Runner[]>;
  /** Marks runners retired at `at` (ms): reads skip them from now on. */
  retireRunners(ids: readonly string[], at: number): Promise<void>;
  /** Job minutes per source, pool and repository, of jobs finished in the hours of [from, to). */
  usage(from: number, to: number): Promise<UsageRow[]>;
  /** Jobs running now, oldest first (at most 5,000): the stall radar's running half. */
  runningJobs(): Promise<Job[]>;
  /** Delivery times since `from` (ms), newest first, at most `limit`: the radar learns each source's usual gap. */
  deliveryTimes(from: number, limit: number): Promise<{ source: JobSource; receivedAt: number }[]>;
  /** Marks an active job lost by an admin at `at` (ms); see `POST /api/v1/jobs/{id}/lost`. */
  markJobLost(id: string, at: number): Promise<MarkLostResult>;
}

/** The fleet slice over a Kysely database. */
export function createFleetReads(db: Kysely<Database>): FleetReads {
  return {
    listRunners: (options) => selectRunners(db, options?.includeRetired),
    listDeliveryStats: () => selectDeliveryStats(db),
    countLostJobs: () => countLostJobs(db),
    listPoolKinds: () => selectPoolKinds(db),
    setPoolKind: (pool, kind, at) => db.transaction().execute((trx) => updatePoolKind(trx, pool, kind, at)),
    retireRunners: (ids, at) => retireRunners(db, ids, at),
    usage: (from, to) => selectUsage(db, from, to),
    runningJobs: () => selectRunningJobs(db),
    deliveryTimes: (from, limit) => selectDeliveryTimes(db, from, limit),
    markJobLost: (id, at) => markJobLost(db, id, at),
  };
}
