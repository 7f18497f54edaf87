/**
 * The ingest pipeline shared by every vendor endpoint:
 * verify → parse → normalise → dedupe + store (one transaction) → domain event.
 * Returns a result for the HTTP layer to map; throws only for server faults.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { mergeJob } from "../domain/merge";
import type { Store } from "../store/store";
import { PayloadError, type SourceAdapter } from "./source";
import type { WebhookRequest } from "./verify";

/** What happened to one delivery. */
export type IngestResult =
  | { outcome: "accepted"; duplicate: boolean; kind: "job" | "ignored" }
  | { outcome: "ping" }
  | { outcome: "unconfigured"; message: string }
  | { outcome: "unsupported-media-type"; message: string }
  | { outcome: "unauthorized"; message: string }
  | { outcome: "invalid"; message: string; field: string };

/** Dependencies of the ingest service. */
export interface IngestDeps {
  store: Store;
  events: DomainEvents;
  clock: Clock;
  /** Secret per source; an unset one makes that endpoint refuse every delivery. */
  secrets: Partial<Record<SourceAdapter["source"], string>>;
}

const isJsonContentType = (value: string | undefined) =>
  value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());

/** Parses JSON strictly: an object at the top, nothing else. */
function parseObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new PayloadError(`body is not valid JSON: ${(error as Error).message}`, "body");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PayloadError("body must be a JSON object", "body");
  }
  return value as Record<string, unknown>;
}

/** Creates the ingest function used by every webhook route. */
export function createIngestService({ store, events, clock, secrets }: IngestDeps) {
  return async function ingest(
    adapter: SourceAdapter,
    headers: WebhookRequest["headers"],
    rawBody: Buffer,
  ): Promise<IngestResult> {
    const secret = secrets[adapter.source];
    if (!secret) {
      return {
        outcome: "unconfigured",
        message: `the ${adapter.source} endpoint is not configured: set ${adapter.secretVariable} on the Runwatch server`,
      };
    }
    if (!isJsonContentType(headers["content-type"])) {
      return {
        outcome: "unsupported-media-type",
        message: `Content-Type must be application/json (got ${headers["content-type"] ?? "none"})`,
      };
    }
    const request: WebhookRequest = { headers, rawBody, now: clock.now() };
    const verified = adapter.verify(request, secret);
    if (!verified.ok) return { outcome: "unauthorized", message: verified.error };

    let delivery;
    try {
      delivery = adapter.parse(request, parseObject(rawBody));
    } catch (error) {
      if (error instanceof PayloadError)
        return { outcome: "invalid", message: error.message, field: error.field };
      throw error;
    }
    if (delivery.kind === "ping") return { outcome: "ping" };

    // Without a vendor delivery id, identical bodies are the same delivery.
    const deliveryId = delivery.deliveryId ?? `sha256:${createHash("sha256").update(rawBody).digest("hex")}`;
    const incoming = delivery.kind === "job" ? delivery.job : null;
    const stored = await store.recordDelivery({
      source: adapter.source,
      deliveryId,
      event: delivery.event,
      kind: delivery.kind,
      receivedAt: request.now,
      body: rawBody.toString("utf8"),
      jobId: incoming?.id,
      merge: incoming ? (current) => mergeJob(current, incoming) : undefined,
    });
    if (stored.changed && stored.job)
      events.emit("job.changed", { job: stored.job, previous: stored.previous });
    return { outcome: "accepted", duplicate: stored.duplicate, kind: delivery.kind };
  };
}

/** The ingest function type. */
export type Ingest = ReturnType<typeof createIngestService>;
