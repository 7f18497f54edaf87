/**
 * The ingest pipeline shared by every vendor endpoint:
 * verify → identify → normalise → queue for the group-commit writer, which
 * dedupes + stores it in its batch's transaction and emits the domain events.
 * Everything a bad request earns (its 4xx) is decided before anything is queued.
 * Returns a result for the HTTP layer to map; throws only for server faults.
 * Every outcome is counted per source for delivery health.
 */
import { createHash } from "node:crypto";
import type { DeliveryOutcome } from "../../lib/sources";
import type { Clock } from "../domain/clock";
import { normaliseDelivery } from "./normalise-delivery";
import { PayloadError, noObservations, type SourceAdapter } from "./source";
import { prepareVerifier, type RequestVerifier } from "./verify/policy";
import type { WebhookRequest } from "./verify/verifier";
import type { IngestWriter } from "./writer";

/** What happened to one delivery. */
export type IngestResult =
  | { outcome: "accepted"; duplicate: boolean; kind: "data" | "ignored" }
  | { outcome: "ping" }
  | { outcome: "unconfigured"; message: string }
  | { outcome: "unsupported-media-type"; message: string }
  | { outcome: "unauthorized"; message: string }
  | { outcome: "invalid"; message: string; field: string };

/** Dependencies of the ingest service. */
export interface IngestDeps {
  /** Writes (and announces) every delivery and count; see `writer.ts`. */
  writer: Pick<IngestWriter, "record" | "count">;
  clock: Clock;
  /** Webhook secrets by environment variable name; an endpoint with none set refuses every delivery. */
  secrets: Readonly<Record<string, string | undefined>>;
  /** How far a signed timestamp may be from now before it is stale, ms. */
  toleranceMs: number;
}

const isJsonContentType = (value: string | undefined) =>
  value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());

/** Parses JSON strictly: an object at the top, nothing else. */
export function parseObject(raw: Buffer | string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === "string" ? raw : raw.toString("utf8"));
  } catch (error) {
    throw new PayloadError(`body is not valid JSON: ${(error as Error).message}`, "body");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PayloadError("body must be a JSON object", "body");
  }
  return value as Record<string, unknown>;
}

/** True when at least one of the adapter's secrets is set. */
export const isConfigured = (adapter: SourceAdapter, secrets: IngestDeps["secrets"]) =>
  adapter.secretVariables.some((name) => Boolean(secrets[name]));

/** Creates the ingest function used by every webhook route. */
export function createIngestService({ writer, clock, secrets, toleranceMs }: IngestDeps) {
  // Each vendor's verifier is prepared once (keys decoded and imported), on its first delivery.
  const verifiers = new Map<SourceAdapter, RequestVerifier>();
  const verifierOf = (adapter: SourceAdapter) => {
    let verifier = verifiers.get(adapter);
    if (verifier === undefined) {
      verifier = prepareVerifier(adapter, secrets, { clock, toleranceMs });
      verifiers.set(adapter, verifier);
    }
    return verifier;
  };

  /** Counts a delivery that stores nothing (refused, or a ping); the writer announces the counts. */
  const countOnly = async (adapter: SourceAdapter, outcome: DeliveryOutcome, now: number) => {
    await writer.count(adapter.source, outcome, now);
  };

  return async function ingest(
    adapter: SourceAdapter,
    headers: WebhookRequest["headers"],
    rawBody: Buffer,
  ): Promise<IngestResult> {
    const now = clock.now();
    if (!isConfigured(adapter, secrets)) {
      await countOnly(adapter, "invalid", now);
      const variables = adapter.secretVariables.join(" or ");
      return {
        outcome: "unconfigured",
        message: `the ${adapter.source} endpoint is not configured: set ${variables} on the Runwatch server`,
      };
    }
    if (!isJsonContentType(headers["content-type"])) {
      await countOnly(adapter, "invalid", now);
      return {
        outcome: "unsupported-media-type",
        message: `Content-Type must be application/json (got ${headers["content-type"] ?? "none"})`,
      };
    }
    const request: WebhookRequest = { headers, rawBody };
    const verified = verifierOf(adapter)(request);
    if (!verified.ok) {
      await countOnly(adapter, "rejected", now);
      return { outcome: "unauthorized", message: verified.error };
    }

    // Decoded once: parsed here, and stored as the very string it came as.
    const text = rawBody.toString("utf8");
    let identity, normalised;
    try {
      const body = parseObject(text);
      identity = adapter.identify(request, body);
      normalised = normaliseDelivery(adapter, identity.event, body, now);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      await countOnly(adapter, "invalid", now);
      return { outcome: "invalid", message: error.message, field: error.field };
    }
    if (normalised.kind === "ping") {
      // Not stored, but counted: a vendor's test delivery should show on the Sources page.
      await countOnly(adapter, "ignored", now);
      return { outcome: "ping" };
    }

    // Without a vendor delivery id, identical bodies are the same delivery.
    const deliveryId = identity.deliveryId ?? `sha256:${createHash("sha256").update(rawBody).digest("hex")}`;
    const stored = await writer.record({
      source: adapter.source,
      deliveryId,
      event: identity.event,
      kind: normalised.kind,
      receivedAt: now,
      body: text,
      observations: normalised.kind === "data" ? normalised.observations : noObservations(),
    });
    return { outcome: "accepted", duplicate: stored.duplicate, kind: normalised.kind };
  };
}

/** The ingest function type. */
export type Ingest = ReturnType<typeof createIngestService>;
