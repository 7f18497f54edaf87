/** The fleet reads slice: runners and the health of each webhook source. */
import type { Kysely } from "kysely";
import type { JobSource } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import { countLostJobs, selectDeliveryStats } from "./delivery-queries";
import { selectRunners } from "./runner-queries";
import type { Database } from "./schema";

/** Runner and source-health reads. */
export interface FleetReads {
  /** Every runner, as stored (time-based offline is decided by the caller with `effectiveRunner`). */
  listRunners(): Promise<Runner[]>;
  /** Delivery counts of every source that has had a delivery. */
  listDeliveryStats(): Promise<DeliveryStats[]>;
  /** How many active jobs are flagged lost, per source. */
  countLostJobs(): Promise<Partial<Record<JobSource, number>>>;
}

/** The fleet reads slice over a Kysely database. */
export function createFleetReads(db: Kysely<Database>): FleetReads {
  return {
    listRunners: () => selectRunners(db),
    listDeliveryStats: () => selectDeliveryStats(db),
    countLostJobs: () => countLostJobs(db),
  };
}
