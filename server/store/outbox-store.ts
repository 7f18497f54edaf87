/**
 * The outbox slice: notifications queued by `recordNotice`, read when due and
 * updated after each send attempt. Bounded: past `OUTBOX_LIMIT` pending rows
 * the oldest pending are marked failed.
 */
import type { Kysely } from "kysely";
import { selectDueDeliveries, selectNextDue, updateDelivery } from "./alert-queries";
import type { DeliveryAttempt, DueDelivery } from "./records";
import type { Database } from "./schema";

/** The notification outbox. */
export interface OutboxStore {
  /** Pending outbox rows due at `now`, oldest first. */
  dueDeliveries(now: number, limit: number): Promise<DueDelivery[]>;
  /** Records a send attempt on an outbox row. */
  recordAttempt(id: string, attempt: DeliveryAttempt): Promise<void>;
  /** When the next pending row is due (ms), or null when none is pending. */
  nextDueAt(): Promise<number | null>;
}

/** The outbox slice over a Kysely database. */
export function createOutboxStore(db: Kysely<Database>): OutboxStore {
  return {
    dueDeliveries: (now, limit) => selectDueDeliveries(db, now, limit),
    recordAttempt: (id, attempt) => updateDelivery(db, id, attempt),
    nextDueAt: () => selectNextDue(db),
  };
}
