/**
 * The contract every vendor module implements: declare which authentication
 * schemes it accepts (`verify/`, one module per scheme), identify a delivery
 * (event name, delivery id), then normalise its body into observations of
 * jobs, runs and runners. `normalise` is pure and sees only the event name and
 * the body, so stored deliveries can be re-processed (`runwatch replay`).
 */
import type { JobSource } from "../../lib/job";
import type { Observations } from "../domain/observations";
import type { VerificationPolicy } from "./verify/policy";
import type { WebhookRequest } from "./verify/verifier";

// The normalisers' output is the store's input, so its types live in the domain; named here for the vendors.
export type { AgentObservation, Observations } from "../domain/observations";

/** What a body normalises to. */
export type Normalised =
  /** A connectivity check (GitHub/Buildkite `ping`); answered 200, not stored. */
  | { kind: "ping" }
  /** A verified event Runwatch does not act on (yet); stored raw for later replay. */
  | { kind: "ignored" }
  /** An event that reports the state of jobs, runs or runners. */
  | { kind: "data"; observations: Observations };

/** Thrown by a normaliser when the body lacks or mistypes a field it needs. */
export class PayloadError extends Error {
  override name = "PayloadError";
  constructor(
    message: string,
    /** Dotted path of the bad field, e.g. `workflow_job.id`, or a header name. */
    readonly field: string,
  ) {
    super(message);
  }
}

/** Which delivery this is, read from its headers (and, for vendors without a delivery id, its body). */
export interface DeliveryIdentity {
  /** The vendor's event name (`workflow_job`, `Job Hook`, `job.finished`, `COMPLETED`…). */
  event: string;
  /** The vendor's delivery id, or a key derived from the event; null to dedupe on the body's hash. */
  deliveryId: string | null;
}

/** One CI vendor's webhook endpoint. */
export interface SourceAdapter {
  source: JobSource;
  /**
   * Environment variables holding the secrets, named in the 401 when all are
   * unset. The endpoint is configured when any is set.
   */
  secretVariables: readonly string[];
  /** The authentication schemes the vendor accepts, in order (prepared by `prepareVerifier`). */
  verification: VerificationPolicy;
  /**
   * Reads the event name and delivery id of a verified delivery.
   * @throws PayloadError when a required header or field is missing.
   */
  identify(request: WebhookRequest, body: Record<string, unknown>): DeliveryIdentity;
  /**
   * Normalises a body. Pure: the same event and body always give the same result.
   * @throws PayloadError when a required field is missing or mistyped.
   */
  normalise(event: string, body: Record<string, unknown>): Normalised;
}

/** No observations; spread and fill. */
export const noObservations = (): Observations => ({ jobs: [], runs: [], agents: [] });
