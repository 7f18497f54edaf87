/**
 * The deliveries slice: what ingest writes. Every verified delivery is
 * deduped, stored raw and applied in one transaction; refused ones are only
 * counted. This is the write path a group-commit writer will own.
 */
import type { Kysely } from "kysely";
import type { JobSource } from "../../lib/job";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import { applyObservations } from "./apply-observations";
import { incrementDeliveryStats, insertDelivery } from "./delivery-queries";
import type { DeliveryRecord, RecordOutcome } from "./records";
import type { Database } from "./schema";

/** Ingest's writes. */
export interface DeliveryStore {
  /**
   * Atomically: dedupes the delivery, stores it raw, and (for job events)
   * merges and stores the job. Resolves only once the write is durable.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** Counts one refused delivery (nothing else is stored); resolves with the source's counts. */
  countDelivery(source: JobSource, outcome: DeliveryOutcome, at: number): Promise<DeliveryStats>;
}

/** The deliveries slice over a Kysely database. */
export function createDeliveryStore(db: Kysely<Database>): DeliveryStore {
  return {
    recordDelivery: (record) =>
      db.transaction().execute(async (trx) => {
        const duplicate = !(await insertDelivery(trx, record));
        const outcome = duplicate ? "duplicate" : record.kind === "ignored" ? "ignored" : "accepted";
        const stats = await incrementDeliveryStats(trx, record.source, outcome, record.receivedAt);
        if (duplicate) return { duplicate, jobs: [], runs: [], runners: [], stats };
        const applied = await applyObservations(trx, record.observations, record.receivedAt);
        return { duplicate, ...applied, stats };
      }),
    countDelivery: (source, outcome, at) => incrementDeliveryStats(db, source, outcome, at),
  };
}
