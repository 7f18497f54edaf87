/**
 * The deliveries slice: what ingest writes. Every verified delivery is
 * deduped, stored raw and applied in one transaction; refused ones are only
 * counted. The group-commit writer (`ingest/writer.ts`) puts many of these
 * into one transaction through `writeBatch`, each item in its own savepoint,
 * the batch's deliveries stored and counted in one statement each
 * (`delivery-batch.ts`).
 */
import type { Kysely } from "kysely";
import type { Job, JobSource } from "../../lib/job";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import { insertAlertWork } from "./alert-work-queries";
import { applyObservations } from "./apply-observations";
import {
  BatchNeedsSavepointsError,
  createBatchWrites,
  type BatchOptions,
  type BatchWrites,
} from "./delivery-batch";
import { isPostgres } from "./dialect";
import { incrementDeliveryStats, insertDelivery } from "./delivery-queries";
import { insertLogFetches } from "./log-tail-store";
import type { DeliveryRecord, RecordOutcome } from "./records";
import type { Database } from "./schema";

/** The writes of one delivery inside a batch; all join the batch's transaction. */
export interface DeliveryWrites {
  /** Dedupes the delivery, stores it raw, and (for job events) merges and stores the job. */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** Counts one refused (or ping) delivery; resolves with the source's counts. */
  countDelivery(source: JobSource, outcome: DeliveryOutcome, at: number): Promise<DeliveryStats>;
  /** Queues finished jobs for the alert dispatcher (see `AlertWorkStore.takeAlertWork`). */
  queueAlertWork(jobs: readonly Job[], at: number): Promise<void>;
  /** Queues log fetches for failed jobs, once per job ever (see `LogTailStore`). */
  queueLogFetch(jobIds: readonly string[], at: number): Promise<void>;
}

/** One open batch transaction. */
export interface DeliveryBatch {
  /**
   * Stores the deliveries the batch's items will record, in one statement, before they run: an
   * item's `recordDelivery` of one of these very objects then writes no row of its own. Optional
   * (an item records any delivery either way); call once, before the first item.
   */
  prepare(records: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Runs one item's writes in a savepoint: when `write` throws, only they are
   * undone and the error is rethrown (the batch goes on). A
   * `TransactionLostError` means the transaction itself is gone: let it fail the batch.
   */
  item<T>(write: (writes: DeliveryWrites) => Promise<T>): Promise<T>;
}

/** Ingest's writes. */
export interface DeliveryStore {
  /**
   * Atomically: dedupes the delivery, stores it raw, and (for job events)
   * merges and stores the job. Resolves only once the write is durable.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** Counts one refused delivery (nothing else is stored); resolves with the source's counts. */
  countDelivery(source: JobSource, outcome: DeliveryOutcome, at: number): Promise<DeliveryStats>;
  /**
   * Runs `fill` inside ONE write transaction, committed once when it resolves
   * (rolled back when it throws). Resolves only once the commit is durable.
   * The batch's delivery counts are added together when `fill` resolves, so the
   * `stats` each item answers with are its source's counts as the batch commits.
   * `fill` may run twice (PostgreSQL: a first attempt without savepoints in which
   * an item failed is rolled back and run again with them): it must only write
   * through the batch, and start from nothing each time.
   */
  writeBatch<T>(fill: (batch: DeliveryBatch) => Promise<T>): Promise<T>;
}

/**
 * Records one delivery in `trx`. In a batch, `batch` knows whether it was stored up front and takes
 * its count; alone, it is stored and counted here.
 */
async function record(
  trx: Kysely<Database>,
  record: DeliveryRecord,
  batch?: BatchWrites,
): Promise<RecordOutcome> {
  const claimed = batch?.claim(record);
  const duplicate = !(claimed ?? (await insertDelivery(trx, record)));
  const outcome = duplicate ? "duplicate" : record.kind === "ignored" ? "ignored" : "accepted";
  const stats = batch
    ? batch.count(record.source, outcome, record.receivedAt)
    : await incrementDeliveryStats(trx, record.source, outcome, record.receivedAt);
  if (duplicate) return { duplicate, jobs: [], runs: [], runners: [], stats };
  const applied = await applyObservations(trx, record.observations, record.receivedAt);
  return { duplicate, ...applied, stats };
}

/** The deliveries slice over a Kysely database. */
export function createDeliveryStore(db: Kysely<Database>): DeliveryStore {
  return {
    recordDelivery: (delivery) => db.transaction().execute((trx) => record(trx, delivery)),
    countDelivery: (source, outcome, at) => incrementDeliveryStats(db, source, outcome, at),
    async writeBatch(fill) {
      // PostgreSQL: first without savepoints (two round trips fewer per item); only a batch in
      // which an item failed runs again, from the start, with each item in its own savepoint.
      if (isPostgres(db)) {
        try {
          return await writeBatchOnce(db, fill, { savepoints: false });
        } catch (error) {
          if (!(error instanceof BatchNeedsSavepointsError)) throw error;
        }
      }
      return writeBatchOnce(db, fill, { savepoints: true });
    },
  };
}

/** One attempt at a batch: one transaction, committed when `fill` resolves. */
function writeBatchOnce<T>(
  db: Kysely<Database>,
  fill: (batch: DeliveryBatch) => Promise<T>,
  options: BatchOptions,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const batch = createBatchWrites(trx, options);
    const writes: DeliveryWrites = {
      recordDelivery: (delivery) => record(trx, delivery, batch),
      countDelivery: async (source, outcome, at) => batch.count(source, outcome, at),
      queueAlertWork: (jobs, at) => insertAlertWork(trx, jobs, at),
      queueLogFetch: (jobIds, at) => insertLogFetches(trx, jobIds, at),
    };
    const result = await fill({
      prepare: (records) => batch.prepare(records),
      item: (write) => batch.item(() => write(writes)),
    });
    await batch.finish();
    return result;
  });
}
