/**
 * A group-commit batch's writes in fewer statements: every delivery of the
 * batch is stored (and deduplicated) by ONE multi-row insert before its items
 * run, and the batch's delivery counts are added by ONE multi-row upsert after
 * them, just before the commit. What stays per item (applying observations)
 * runs in the item's savepoint as before.
 *
 * Counting last also keeps the source's `delivery_stats` row locked only from
 * that upsert to the commit: on PostgreSQL, nodes writing the same source's
 * deliveries then wait for each other only that long, not for a whole batch.
 *
 * Failures keep the batch's contract (one failing item fails alone):
 * - the multi-row insert runs in a savepoint; if it fails (a row the database
 *   refuses, a deadlock with another node) the batch goes on without it and each
 *   item stores its delivery itself, as a single write does;
 * - an item that fails after its delivery was stored up front has that row
 *   deleted again (its savepoint only undid its own writes), and a later copy
 *   of the same delivery in the batch stores it itself.
 */
import { sql, type Kysely } from "kysely";
import type { JobSource } from "../../lib/job";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import { recordKeys } from "./apply-observations";
import { beginDeferredItem, deferWrites, endDeferredItem, flushDeferred } from "./batch-deferred";
import { prefetchRecords } from "./batch-prefetch";
import { REFUSED, toStats } from "./delivery-queries";
import { holdRecords } from "./dialect";
import { LAST_SEEN_STEP_MS } from "./job-values";
import type { DeliveryRecord } from "./records";
import { inSavepoint, TransactionLostError } from "./savepoint";
import type { Database } from "./schema";

/** `source` and `deliveryId`, as one string: the dedupe key. */
const keyOf = (record: DeliveryRecord) => `${record.source}\u0000${record.deliveryId}`;

/**
 * Stores `records` in one statement, in order; resolves with those it stored
 * (a delivery already stored, or an earlier copy in the same list, is not).
 */
export async function insertDeliveries(
  db: Kysely<Database>,
  records: readonly DeliveryRecord[],
): Promise<Set<DeliveryRecord>> {
  if (records.length === 0) return new Set();
  const rows = await db
    .insertInto("deliveries")
    .values(
      records.map((record) => ({
        source: record.source,
        delivery_id: record.deliveryId,
        event: record.event,
        kind: record.kind,
        job_id: record.observations.jobs[0]?.id ?? null,
        received_at: record.receivedAt,
        body: record.body,
      })),
    )
    .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing())
    .returning(["source", "delivery_id"])
    .execute();
  const stored = new Set(rows.map((row) => `${row.source}\u0000${row.delivery_id}`));
  const first = new Map<string, DeliveryRecord>();
  for (const record of records) if (!first.has(keyOf(record))) first.set(keyOf(record), record);
  return new Set([...first].filter(([key]) => stored.has(key)).map(([, record]) => record));
}

/** One source's counts to add. */
interface Tally {
  counts: Record<DeliveryOutcome, number>;
  lastDeliveryAt: number | null;
  lastAcceptedAt: number | null;
  lastRefusedAt: number | null;
}

const later = (a: number | null, b: number) => (a === null || a < b ? b : a);

/** Adds every source's tally in one upsert and reads the sums back. */
async function addTallies(
  db: Kysely<Database>,
  tallies: Map<JobSource, Tally>,
): Promise<Map<string, DeliveryStats>> {
  if (tallies.size === 0) return new Map();
  const newer = (column: "last_delivery_at" | "last_accepted_at" | "last_refused_at") =>
    sql<number>`CASE WHEN ${sql.ref(`delivery_stats.${column}`)} IS NULL OR ${sql.ref(`delivery_stats.${column}`)} < ${sql.ref(`excluded.${column}`)} THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`delivery_stats.${column}`)} END`;
  const sum = (column: DeliveryOutcome) =>
    sql<number>`${sql.ref(`delivery_stats.${column}`)} + ${sql.ref(`excluded.${column}`)}`;
  await db
    .insertInto("delivery_stats")
    .values(
      [...tallies].map(([source, tally]) => ({
        source,
        ...tally.counts,
        last_delivery_at: tally.lastDeliveryAt,
        last_accepted_at: tally.lastAcceptedAt,
        last_refused_at: tally.lastRefusedAt,
      })),
    )
    .onConflict((oc) =>
      oc.column("source").doUpdateSet({
        accepted: sum("accepted"),
        duplicate: sum("duplicate"),
        ignored: sum("ignored"),
        rejected: sum("rejected"),
        invalid: sum("invalid"),
        last_delivery_at: newer("last_delivery_at"),
        last_accepted_at: newer("last_accepted_at"),
        last_refused_at: newer("last_refused_at"),
      }),
    )
    .execute();
  const rows = await db
    .selectFrom("delivery_stats")
    .selectAll()
    .where("source", "in", [...tallies.keys()])
    .execute();
  return new Map(rows.map((row) => [row.source, toStats(row)]));
}

/** The writes of one batch transaction that are shared across its items. */
export interface BatchWrites {
  /** Stores `records` up front (see the module comment); items then record them without a write of their own. */
  prepare(records: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Whether the delivery is new, when `prepare` stored or refused it as a duplicate; undefined when
   * the item must store it itself. Call from the item that records it.
   */
  claim(record: DeliveryRecord): boolean | undefined;
  /**
   * Counts one delivery of the current item, added at `finish`; returns the stats object the item
   * answers with, filled in by `finish` (before the commit).
   */
  count(source: JobSource, outcome: DeliveryOutcome, at: number): DeliveryStats;
  /** Runs one item in its savepoint, keeping its counts only when it succeeds; items run one at a time. */
  item<T>(write: () => Promise<T>): Promise<T>;
  /** Adds the batch's counts and fills in every answered stats object. */
  finish(): Promise<void>;
}

/**
 * Thrown by an item of an optimistic batch (`{ savepoints: false }`) that failed: its writes cannot
 * be undone alone, so the whole transaction must be rolled back and the batch run again with
 * savepoints. A `TransactionLostError`, so callers already let it end the batch.
 */
export class BatchNeedsSavepointsError extends TransactionLostError {
  override name = "BatchNeedsSavepointsError";
}

/** How a batch runs its items. */
export interface BatchOptions {
  /**
   * Each item in its own savepoint (default), or none: two round trips fewer per item on
   * PostgreSQL, but the first failing item fails the whole batch with `BatchNeedsSavepointsError`.
   */
  savepoints?: boolean;
}

/** The batch writes over the open transaction `trx`. */
export function createBatchWrites(
  trx: Kysely<Database>,
  { savepoints = true }: BatchOptions = {},
): BatchWrites {
  /** Deliveries stored by `prepare`, by key, and the record that stored each. */
  const storedBy = new Map<string, DeliveryRecord>();
  /** Keys `prepare` found already stored, or stored for a record that already claimed it. */
  const known = new Set<string>();
  const tallies = new Map<JobSource, Tally>();
  const answered: { source: JobSource; stats: DeliveryStats }[] = [];
  /** The running item's counts and the deliveries it claimed as new. */
  let current: { counts: Parameters<BatchWrites["count"]>[]; stored: DeliveryRecord[] } | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** Set when an item of an optimistic batch failed: the batch must not commit. */
  let optimisticFailure: BatchNeedsSavepointsError | null = null;
  // Observation logs, filter values and stale hours: written at `finish`, a few statements in all.
  deferWrites(trx);

  return {
    async prepare(records) {
      // Every record the batch will write, locked now in one sorted order (PostgreSQL): no deadlock
      // with another node's batch over the same jobs.
      await holdRecords(
        trx,
        records.flatMap((record) => recordKeys(record.observations)),
      );
      // Now that no other node can change them: the batch's jobs and runs, read once for all items.
      await prefetchRecords(
        trx,
        records.map((record) => record.observations),
      );
      let stored: Set<DeliveryRecord>;
      try {
        stored = await inSavepoint(trx, () => insertDeliveries(trx, records));
      } catch (error) {
        if (error instanceof TransactionLostError) throw error;
        return; // Each item stores its own delivery.
      }
      for (const record of records) {
        const key = keyOf(record);
        if (stored.has(record)) storedBy.set(key, record);
        else if (!storedBy.has(key)) known.add(key);
      }
    },
    claim(record) {
      const key = keyOf(record);
      if (storedBy.get(key) === record) {
        current?.stored.push(record);
        return true;
      }
      return known.has(key) || storedBy.has(key) ? false : undefined;
    },
    count(source, outcome, at) {
      const stats: DeliveryStats = {
        source,
        counts: { accepted: 0, duplicate: 0, ignored: 0, rejected: 0, invalid: 0 },
        lastDeliveryAt: null,
        lastAcceptedAt: null,
        lastRefusedAt: null,
      };
      current?.counts.push([source, outcome, at]);
      answered.push({ source, stats });
      return stats;
    },
    item(write) {
      // One at a time, whoever calls: an item's savepoint and counts are the running item's.
      const run = queue.then(() => runItem(write));
      queue = run.catch(() => undefined);
      return run;
    },
    async finish() {
      await queue;
      if (optimisticFailure) throw optimisticFailure;
      await flushDeferred(trx, LAST_SEEN_STEP_MS);
      const sums = await addTallies(trx, tallies);
      for (const { source, stats } of answered) {
        const sum = sums.get(source);
        if (sum) Object.assign(stats, sum);
      }
    },
  };

  async function runItem<T>(write: () => Promise<T>): Promise<T> {
    if (!savepoints) return runOptimistically(write);
    current = { counts: [], stored: [] };
    const mine = current;
    beginDeferredItem(trx);
    try {
      const result = await inSavepoint(trx, write);
      for (const [source, outcome, at] of mine.counts) tally(tallies, source, outcome, at);
      endDeferredItem(trx, true);
      return result;
    } catch (error) {
      endDeferredItem(trx, false);
      if (error instanceof TransactionLostError) throw error;
      // Its savepoint undid its own writes, not the row `prepare` stored for it.
      for (const record of mine.stored) {
        storedBy.delete(keyOf(record));
        try {
          await trx
            .deleteFrom("deliveries")
            .where("source", "=", record.source)
            .where("delivery_id", "=", record.deliveryId)
            .execute();
        } catch (lost) {
          throw new TransactionLostError(`transaction ended: ${String(lost)}`, { cause: error });
        }
      }
      throw error;
    } finally {
      current = null;
    }
  }

  async function runOptimistically<T>(write: () => Promise<T>): Promise<T> {
    if (optimisticFailure) throw optimisticFailure;
    current = { counts: [], stored: [] };
    const mine = current;
    try {
      const result = await write();
      for (const [source, outcome, at] of mine.counts) tally(tallies, source, outcome, at);
      return result;
    } catch (error) {
      optimisticFailure = new BatchNeedsSavepointsError(`a batch item failed: ${String(error)}`, {
        cause: error,
      });
      throw optimisticFailure;
    } finally {
      current = null;
    }
  }
}

function tally(
  tallies: Map<JobSource, Tally>,
  source: JobSource,
  outcome: DeliveryOutcome,
  at: number,
): void {
  let entry = tallies.get(source);
  if (!entry) {
    entry = {
      counts: { accepted: 0, duplicate: 0, ignored: 0, rejected: 0, invalid: 0 },
      lastDeliveryAt: null,
      lastAcceptedAt: null,
      lastRefusedAt: null,
    };
    tallies.set(source, entry);
  }
  entry.counts[outcome] += 1;
  entry.lastDeliveryAt = later(entry.lastDeliveryAt, at);
  if (REFUSED.has(outcome)) entry.lastRefusedAt = later(entry.lastRefusedAt, at);
  else entry.lastAcceptedAt = later(entry.lastAcceptedAt, at);
}
