/**
 * Every slice of the store over one Kysely database, whichever engine it
 * speaks to: the engine modules (`sqlite.ts`, `postgres/store.ts`) open,
 * migrate and add the lifecycle; the slices are the same code on both.
 */
import type { Kysely } from "kysely";
import { createAlertConfigStore } from "./alert-config-store";
import { createAlertStateStore } from "./alert-state-store";
import { createAlertWorkStore } from "./alert-work-store";
import { createAuditStore } from "./audit-store";
import { createDeliveryStore } from "./delivery-store";
import { createEvidenceReads } from "./evidence-store";
import { createFleetReads } from "./fleet-reads";
import { createJobReads } from "./job-reads";
import { createKeyStore } from "./key-store";
import { createLeaseStore } from "./lease-store";
import { createLogTailStore } from "./log-tail-store";
import { createMaintenanceStore } from "./maintenance-store";
import { createMetricsStore } from "./metrics-store";
import { createOutboxStore } from "./outbox-store";
import { createPrivacyStore } from "./privacy-store";
import { createQueueIntelStore } from "./queue-intel-store";
import { createReplayStore } from "./replay-store";
import { createRunReads } from "./run-reads";
import type { Database } from "./schema";
import { createSessionStore } from "./session-store";
import { createSloStore } from "./slo-store";
import { createTeamStore } from "./team-store";
import type { Store, StoreLifecycle } from "./store";
import { createUserStore } from "./user-store";

/** The slices, and a promise for background work they started (await it before closing the database). */
export interface ComposedSlices {
  slices: Omit<Store, keyof StoreLifecycle>;
  settled: () => Promise<void>;
}

/**
 * Builds every slice over `db`. `auditKey` keys the audit chain's HMAC: it comes from the
 * settings or the data folder (`loadAuditKey`), never from the database it protects.
 */
export function composeSlices(db: Kysely<Database>, auditKey: Buffer): ComposedSlices {
  const { metrics, settled } = createMetricsStore(db);
  return {
    slices: {
      ...createDeliveryStore(db),
      ...createJobReads(db),
      ...createRunReads(db),
      ...createFleetReads(db),
      ...metrics,
      ...createAlertConfigStore(db),
      ...createAlertStateStore(db),
      ...createAlertWorkStore(db),
      ...createOutboxStore(db),
      ...createKeyStore(db, auditKey),
      ...createSessionStore(db),
      ...createUserStore(db),
      ...createAuditStore(db, auditKey),
      ...createReplayStore(db),
      ...createMaintenanceStore(db),
      ...createPrivacyStore(db),
      ...createLogTailStore(db),
      ...createLeaseStore(db),
      ...createEvidenceReads(db),
      ...createSloStore(db),
      ...createTeamStore(db),
      ...createQueueIntelStore(db),
    },
    settled,
  };
}
