/**
 * The SLO slice: SLO definitions (stored as posted, like alert rules) and the
 * event counts their budgets and burn rates are computed from.
 */
import type { Kysely } from "kysely";
import type { SloInput } from "../../lib/slo";
import {
  deleteConfig,
  insertConfig,
  replaceConfig,
  selectConfig,
  selectConfigs,
} from "./alert-config-queries";
import type { ConfigRecord } from "./records";
import type { Database } from "./schema";
import {
  countQueueEvents,
  countRunEvents,
  poolKnown,
  queueConsumers,
  verdictRuns,
  type CountWindows,
  type SlowQueueJob,
  type VerdictRun,
  type WindowCounts,
} from "./slo-queries";

export type { CountWindows, SlowQueueJob, VerdictRun, WindowCounts } from "./slo-queries";
export { sumCounts } from "./slo-queries";

/** SLO definitions and the events they count. */
export interface SloStore {
  createSlo(input: SloInput, now: number): Promise<ConfigRecord<SloInput>>;
  /** Oldest first. */
  listSlos(): Promise<ConfigRecord<SloInput>[]>;
  getSlo(id: string): Promise<ConfigRecord<SloInput> | null>;
  /** Null when unknown. */
  replaceSlo(id: string, input: SloInput, now: number): Promise<ConfigRecord<SloInput> | null>;
  /** False when unknown. */
  deleteSlo(id: string): Promise<boolean>;
  /** Whether a job or a pool setting names `pool`. */
  poolKnown(pool: string): Promise<boolean>;
  /** queue_time events of `pool` per window (see `slo-queries.ts` for what an event is). */
  sloQueueCounts(pool: string, maxMs: number, now: number, windows: CountWindows): Promise<WindowCounts>;
  /** The bad queue_time events of `pool` in the budget window, newest first. */
  sloQueueConsumers(
    pool: string,
    maxMs: number,
    now: number,
    budgetMs: number,
    limit: number,
  ): Promise<SlowQueueJob[]>;
  /** success_rate events per repository over runs on `branches`. */
  sloRunCounts(
    branches: readonly string[],
    now: number,
    windows: CountWindows,
  ): Promise<Map<string, WindowCounts>>;
  /** Finished runs on `branches` in `(from, now]`: oldest first, or only failed ones newest first. */
  sloVerdictRuns(
    branches: readonly string[],
    from: number,
    now: number,
    limit: number,
    failedOnly?: boolean,
  ): Promise<VerdictRun[]>;
}

/** The SLO slice over a Kysely database. */
export function createSloStore(db: Kysely<Database>): SloStore {
  return {
    createSlo: (input, now) => insertConfig(db, "slos", input, now),
    listSlos: () => selectConfigs(db, "slos"),
    getSlo: (id) => selectConfig(db, "slos", id),
    replaceSlo: (id, input, now) => replaceConfig(db, "slos", id, input, now),
    deleteSlo: (id) => deleteConfig(db, "slos", id),
    poolKnown: (pool) => poolKnown(db, pool),
    sloQueueCounts: (pool, maxMs, now, windows) => countQueueEvents(db, pool, maxMs, now, windows),
    sloQueueConsumers: (pool, maxMs, now, budgetMs, limit) =>
      queueConsumers(db, pool, maxMs, now, budgetMs, limit),
    sloRunCounts: (branches, now, windows) => countRunEvents(db, branches, now, windows),
    sloVerdictRuns: (branches, from, now, limit, failedOnly) =>
      verdictRuns(db, branches, from, now, limit, failedOnly),
  };
}
