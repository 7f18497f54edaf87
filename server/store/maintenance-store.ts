/**
 * The maintenance slice: the background writes that are not ingest — flagging
 * silent jobs lost (the watchdog), purging old job events (retention) and
 * bulk-importing finished jobs (benchmarks, imports).
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { flagLostJobs, insertJobs } from "./job-queries";
import type { Change } from "./records";
import { purgeJobsBefore } from "./retention";
import type { Database } from "./schema";

/** Background writes. */
export interface MaintenanceStore {
  /**
   * Flags active jobs with no event since `cutoffMs` as lost (at most `limit`
   * per call); resolves with the jobs changed.
   */
  flagLostJobs(cutoffMs: number, now: number, limit?: number): Promise<Change<Job>[]>;
  /** Deletes jobs (and labels) created and last updated before the cutoff, and deliveries received before it. */
  purgeJobsBefore(cutoffMs: number): Promise<{ jobs: number; deliveries: number }>;
  /** Bulk-writes final job states (benchmarks, imports); ids already stored are left as they are. */
  importJobs(jobs: readonly Job[]): Promise<void>;
}

/** The maintenance slice over a Kysely database. */
export function createMaintenanceStore(db: Kysely<Database>): MaintenanceStore {
  return {
    flagLostJobs: (cutoffMs, now, limit = 500) => flagLostJobs(db, cutoffMs, now, limit),
    purgeJobsBefore: (cutoffMs) => purgeJobsBefore(db, cutoffMs),
    async importJobs(jobs) {
      await db.transaction().execute((trx) => insertJobs(trx, jobs, Date.now()));
    },
  };
}
