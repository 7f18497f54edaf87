/**
 * The contract every vendor module implements: verify a delivery, then turn
 * its parsed body into what the ingest service stores.
 */
import type { Job, JobSource } from "../../lib/job";
import type { Verifier, WebhookRequest } from "./verify";

/** A delivery reduced to what Runwatch acts on. */
export type ParsedDelivery =
  /** A connectivity check (GitHub `ping`); answered 200, not stored as job data. */
  | { kind: "ping"; event: string; deliveryId: string | null }
  /** A verified event Runwatch does not act on (yet); stored raw for later replay. */
  | { kind: "ignored"; event: string; deliveryId: string | null }
  /** An event that reports a job's state. */
  | { kind: "job"; event: string; deliveryId: string | null; job: Job };

/** Thrown by a normaliser when the body lacks or mistypes a field it needs. */
export class PayloadError extends Error {
  override name = "PayloadError";
  constructor(
    message: string,
    /** Dotted path of the bad field, e.g. `workflow_job.id`. */
    readonly field: string,
  ) {
    super(message);
  }
}

/** One CI vendor's webhook endpoint. */
export interface SourceAdapter {
  source: JobSource;
  /** Environment variable holding the secret, named in the 401 when it is unset. */
  secretVariable: string;
  verify: Verifier;
  /**
   * Reads a verified delivery. `body` is the parsed JSON object.
   * @throws PayloadError when a required field is missing or mistyped.
   */
  parse(request: WebhookRequest, body: Record<string, unknown>): ParsedDelivery;
}
