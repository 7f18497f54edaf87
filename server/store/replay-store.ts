/**
 * The replay slice: reads the raw-delivery log and re-applies each delivery
 * under a replay generation, so the stored jobs, runs and runners become what
 * the current normalisers make of every delivery (`runwatch replay`).
 */
import type { Kysely } from "kysely";
import type { Observations } from "../domain/observations";
import { applyObservations, type Applied } from "./apply-observations";
import { countStoredDeliveries, selectDeliveriesAfter } from "./delivery-queries";
import type { StoredDelivery } from "./records";
import type { Database } from "./schema";

/** Replay's reads and writes. */
export interface ReplayStore {
  /** Up to `limit` stored deliveries after `afterSeq`, oldest first (replay reads with this). */
  readDeliveriesAfter(afterSeq: number, limit: number): Promise<StoredDelivery[]>;
  /** How many deliveries are stored (progress of a replay). */
  countDeliveries(): Promise<number>;
  /** Whether a delivery of `source` with the id it was deduped on is stored (the demo's backfill probe). */
  hasDelivery(source: string, deliveryId: string): Promise<boolean>;
  /**
   * Re-applies one stored delivery's observations. A job or run not yet
   * touched in this replay `generation` is rebuilt from nothing, so the end
   * result is what the current normalisers make of every delivery. Resolves,
   * once committed, with the jobs, runs and runners it changed (to announce).
   */
  reapplyDelivery(delivery: StoredDelivery, observations: Observations, generation: string): Promise<Applied>;
}

/** The replay slice over a Kysely database. */
export function createReplayStore(db: Kysely<Database>): ReplayStore {
  return {
    readDeliveriesAfter: (afterSeq, limit) => selectDeliveriesAfter(db, afterSeq, limit),
    countDeliveries: () => countStoredDeliveries(db),
    async hasDelivery(source, deliveryId) {
      const row = await db
        .selectFrom("deliveries")
        .select("seq")
        .where("source", "=", source)
        .where("delivery_id", "=", deliveryId)
        .executeTakeFirst();
      return row !== undefined;
    },
    reapplyDelivery(delivery, observations, generation) {
      return db
        .transaction()
        .execute((trx) => applyObservations(trx, observations, delivery.receivedAt, generation));
    },
  };
}
