/**
 * The alert-work slice: the dispatcher's side of the durable queue ingest
 * fills (see `DeliveryWrites.queueAlertWork`). Items are taken a bounded
 * batch at a time and evaluated inside one transaction that also removes
 * them, so each is evaluated exactly once, crash or not, at one commit per batch.
 */
import type { Kysely } from "kysely";
import type { AlertWork } from "../domain/alert-work";
import { createAlertConfigStore, type AlertConfigStore } from "./alert-config-store";
import { createAlertStateStore, type AlertStateStore } from "./alert-state-store";
import { deleteAlertWorkThrough, selectAlertWork } from "./alert-work-queries";
import { createJobReads, type JobReads } from "./job-reads";
import { inSavepoint, TransactionLostError } from "./savepoint";
import type { Database } from "./schema";

/** What evaluating one item may read and write; its writes join the batch's transaction. */
export type AlertWorkScope = AlertStateStore &
  Pick<AlertConfigStore, "listRules" | "listChannels"> &
  Pick<JobReads, "listJobs">;

/** What taking one batch did. */
export interface AlertWorkTaken {
  /** Items taken (and removed); 0 when the queue was empty. */
  taken: number;
  /** Items whose evaluation threw: their writes were undone, and they are not retried. */
  failures: { work: AlertWork; error: unknown }[];
}

/** The dispatcher's access to queued alert work. */
export interface AlertWorkStore {
  /**
   * In one transaction: takes at most `limit` queued items (oldest first),
   * runs `evaluate` on each in turn (each in its own savepoint, so one that
   * throws undoes only its own writes), and removes them. Resolves once committed.
   */
  takeAlertWork(
    limit: number,
    evaluate: (work: AlertWork, scope: AlertWorkScope) => Promise<void>,
  ): Promise<AlertWorkTaken>;
  /** How many items are queued. */
  countAlertWork(): Promise<number>;
}

/** The alert-work slice over a Kysely database. */
export function createAlertWorkStore(db: Kysely<Database>): AlertWorkStore {
  return {
    takeAlertWork: (limit, evaluate) =>
      db.transaction().execute(async (trx) => {
        const work = await selectAlertWork(trx, limit);
        const last = work.at(-1);
        if (last === undefined) return { taken: 0, failures: [] };
        const scope: AlertWorkScope = {
          ...createAlertStateStore(trx),
          ...createAlertConfigStore(trx),
          ...createJobReads(trx),
        };
        const failures: AlertWorkTaken["failures"] = [];
        for (const item of work) {
          await inSavepoint(trx, () => evaluate(item, scope)).catch((error: unknown) => {
            if (error instanceof TransactionLostError) throw error;
            failures.push({ work: item, error });
          });
        }
        await deleteAlertWorkThrough(trx, last.seq);
        return { taken: work.length, failures };
      }),
    async countAlertWork() {
      const row = await db
        .selectFrom("alert_work")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
