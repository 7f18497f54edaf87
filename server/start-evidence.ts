/**
 * The evidence an auditor reads: `GET /api/v1/evidence` and the signed bundle
 * (`GET /api/v1/evidence/export`), over what this node measures and stores.
 * Wiring only, split from `app.ts`.
 */
import type { FastifyInstance } from "fastify";
import type { AuditRecorder } from "./auth/audit";
import { readLatestCheckpoint, verifyAnchored } from "./auth/audit-checkpoints";
import type { Clock } from "./domain/clock";
import type { DeliveryWindow } from "./evidence/delivery-window";
import type { EvidenceDeps } from "./evidence/evidence-deps";
import { evidenceExportRoutes } from "./http/evidence-export-routes";
import { evidenceRoutes } from "./http/evidence-routes";
import { ADAPTERS } from "./ingest/adapters";
import { isConfigured } from "./ingest/ingest-service";
import { loadEvidenceSigningKey, type EvidenceSigningKey } from "./runtime/evidence-signing-key";
import type { Settings } from "./settings-types";
import type { Store } from "./store/store";

/** What the evidence routes read. */
export interface EvidenceWiring {
  app: FastifyInstance;
  store: Store;
  clock: Clock;
  settings: Settings;
  audit: AuditRecorder;
  /** The audit chain's key (never from the database). */
  auditKey: Buffer;
  deliveries: DeliveryWindow;
  routes: EvidenceDeps["routes"];
  /** Read per request: the monitor and the socket server are created after these routes. */
  eventLoopLag: EvidenceDeps["eventLoopLag"];
  dashboards: () => number;
}

/** Registers the evidence page's API and the signed export. */
export async function registerEvidence(wiring: EvidenceWiring): Promise<void> {
  const { app, store, clock, settings, audit, auditKey } = wiring;
  const evidence: EvidenceDeps = {
    store,
    clock,
    deliveries: wiring.deliveries,
    sources: ADAPTERS.map((adapter) => ({
      source: adapter.source,
      configured: isConfigured(adapter, settings.secrets),
      secretVariables: adapter.secretVariables,
    })),
    routes: wiring.routes,
    settings,
    eventLoopLag: wiring.eventLoopLag,
    dashboards: wiring.dashboards,
    startedAt: clock.now(),
    verifyAudit: () => verifyAnchored(store, auditKey, settings.audit.checkpointFile),
  };
  await app.register(evidenceRoutes, { audit, evidence });
  // The signed bundle; its signing key is generated at first use (`<data dir>/evidence-signing.key`).
  let signingKey: EvidenceSigningKey | null = null;
  await app.register(evidenceExportRoutes, {
    bundle: {
      evidence,
      store,
      settings,
      latestCheckpoint: async () => {
        const reading = await readLatestCheckpoint(settings.audit.checkpointFile, auditKey);
        return reading?.ok ? reading.checkpoint : null;
      },
      verifyAudit: evidence.verifyAudit ?? (() => store.verifyAudit()),
    },
    signingKey: () => (signingKey ??= loadEvidenceSigningKey(settings.dataDir)),
    audit,
    clock,
  });
}
