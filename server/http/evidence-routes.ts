/**
 * The audit evidence, for admins and auditors: `GET /api/v1/evidence`, the
 * access review (`GET`, and `POST` to record that it was reviewed), and the
 * counter of webhooks refused for load that feeds the evidence.
 */
import type { FastifyInstance } from "fastify";
import { evidenceQuerySchema, recordReviewSchema } from "../../lib/evidence";
import type { AuditRecorder } from "../auth/audit";
import { readAccessReview, recordAccessReview } from "../evidence/access-review";
import type { DeliveryWindow } from "../evidence/delivery-window";
import { collectEvidence } from "../evidence/evidence";
import type { EvidenceDeps } from "../evidence/evidence-deps";
import { routeAccess } from "./access";
import { parseBody, parseQuery } from "./validate";

/** Dependencies of the evidence routes. */
export interface EvidenceRoutesDeps {
  evidence: EvidenceDeps;
  audit: AuditRecorder;
}

/** Registers the evidence routes (access `audit`: admin or auditor). */
export async function evidenceRoutes(
  app: FastifyInstance,
  { evidence, audit }: EvidenceRoutesDeps,
): Promise<void> {
  const audited = { config: { access: "audit" as const } };
  const noStore = { "cache-control": "no-store" };

  app.get("/api/v1/evidence", audited, async (request, reply) => {
    const { window } = parseQuery(evidenceQuerySchema, request.query);
    return reply.headers(noStore).send(await collectEvidence(evidence, window));
  });

  app.get("/api/v1/evidence/access-review", audited, async (_request, reply) =>
    reply.headers(noStore).send(await readAccessReview(evidence.store, evidence.clock.now())),
  );

  // An auditor may record the review they did: it changes nothing but the audit log.
  app.post("/api/v1/evidence/access-review", audited, async (request, reply) => {
    const { note } = parseBody(recordReviewSchema, request.body ?? {});
    const review = await recordAccessReview(evidence.store, audit, {
      reviewer: request.principal?.keyId ?? "anonymous",
      ip: request.ip,
      note: note || undefined,
      now: evidence.clock.now(),
    });
    return reply.code(201).headers(noStore).send(review);
  });
}

/**
 * Counts webhooks answered 429 or 503 (rate limited, draining) into the
 * delivery window; these never reach ingest. Install at the root, so it sees
 * every route.
 */
export function countLoadRefusals(app: FastifyInstance, deliveries: DeliveryWindow): void {
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode !== 429 && reply.statusCode !== 503) return;
    if (routeAccess(request) !== "webhook") return;
    const source = (request.routeOptions.url ?? "").split("/").pop();
    if (source) deliveries.refusedForLoad(source, reply.statusCode);
  });
}
