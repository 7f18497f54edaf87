/**
 * `POST /api/v1/webhooks/:source`: reads the raw body (signatures are over
 * bytes), hands it to the ingest service and maps the result to the answers
 * in docs/webhooks.md. A 202 is sent only after the store has committed (the
 * ingest writer's batch holding this delivery). The body stays the bytes it
 * came as: verified as bytes, decoded once, stored as that string.
 */
import type { FastifyInstance } from "fastify";
import type { WebhookAccepted } from "../../lib/api";
import type { AuditRecorder } from "../auth/audit";
import type { Ingest, IngestResult } from "../ingest/ingest-service";
import type { SourceAdapter } from "../ingest/source";
import { errorBody } from "./errors";

/** Options of the webhook routes. */
export interface WebhookRoutesOptions {
  ingest: Ingest;
  audit: AuditRecorder;
  adapters: readonly SourceAdapter[];
  /** Largest body accepted, bytes. */
  bodyLimit: number;
}

const STATUS: Record<Exclude<IngestResult["outcome"], "accepted" | "ping">, [number, string]> = {
  unconfigured: [401, "source_not_configured"],
  "unsupported-media-type": [415, "unsupported_media_type"],
  unauthorized: [401, "invalid_signature"],
  invalid: [400, "invalid_payload"],
};

// The two answers of an accepted delivery, serialised once rather than per request.
const JSON_TYPE = "application/json; charset=utf-8";
const acceptedBody = (duplicate: boolean) =>
  JSON.stringify({ accepted: true, duplicate } satisfies WebhookAccepted);
const ACCEPTED = { fresh: acceptedBody(false), duplicate: acceptedBody(true) } as const;
const PONG = JSON.stringify({ ok: true, pong: true });

/** Registers one POST route per adapter. */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  // Keep every body as raw bytes: the signature is over them, and parsing is ours.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: options.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );

  for (const adapter of options.adapters) {
    app.post(
      `/api/v1/webhooks/${adapter.source}`,
      // The route's own limit (RUNWATCH_BODY_LIMIT): the server-wide one is the API's, far smaller.
      { config: { access: "webhook" }, bodyLimit: options.bodyLimit },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const headers = request.headers as Record<string, string | undefined>;
        const result = await options.ingest(adapter, headers, raw);
        switch (result.outcome) {
          case "accepted":
            return reply
              .code(202)
              .type(JSON_TYPE)
              .send(result.duplicate ? ACCEPTED.duplicate : ACCEPTED.fresh);
          case "ping":
            return reply.code(200).type(JSON_TYPE).send(PONG);
          default: {
            const [status, code] = STATUS[result.outcome];
            const field = result.outcome === "invalid" ? result.field : undefined;
            request.log.warn({ source: adapter.source, reason: result.message }, "webhook refused");
            if (result.outcome === "unauthorized") {
              await options.audit.recordThrottled(`signature:${adapter.source}:${request.ip}`, {
                actor: "anonymous",
                action: "webhook.signature_failed",
                target: adapter.source,
                ip: request.ip,
                details: { reason: result.message, delivery: deliveryIdOf(request.headers) },
              });
            }
            return reply.code(status).send(errorBody(code, result.message, field));
          }
        }
      },
    );
  }
}

/** The delivery id a vendor sent, for the audit trail (never a secret). */
function deliveryIdOf(headers: Record<string, string | string[] | undefined>): string | null {
  for (const name of ["x-github-delivery", "x-runwatch-delivery", "idempotency-key", "webhook-id"]) {
    const value = headers[name];
    if (typeof value === "string") return value.slice(0, 200);
  }
  return null;
}
