/**
 * The one interface every webhook authentication scheme implements. A scheme
 * is configured once per vendor (its header names and refusal texts), prepared
 * once per secret at start-up (keys decoded and imported), then checks each
 * request's raw bytes. Verifiers never throw for a bad request, compare secrets
 * with `constantTimeEqual` only, and never echo a secret or a header's value.
 */
import type { Clock } from "../../domain/clock";

/** What a verifier sees of a request. Header names are lower-case, as Node delivers them. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are over these, never over re-serialised JSON. */
  rawBody: Buffer;
}

/** Outcome of verification. */
export type VerifyResult = { ok: true } | { ok: false; error: string };

/** What a timestamped scheme needs besides its secret. */
export interface VerifierOptions {
  /** Now, for replay windows (injected, so they are testable). */
  clock: Clock;
  /** How far a signed timestamp may be from now, either way, before it is refused (ms). */
  toleranceMs: number;
}

/** One scheme prepared with one secret. */
export interface Verifier {
  /** The header that carries the credential, as refusals name it (`missing <header> header`). */
  readonly header: string;
  /** Whether the request carries this scheme's credential at all (which schemes a vendor tries). */
  carries(request: WebhookRequest): boolean;
  /** Checks the credential against the prepared secret. */
  verify(request: WebhookRequest): VerifyResult;
}

/**
 * Prepares a scheme's verifier from a secret (non-empty: an unset secret means
 * the scheme is not configured); called once per secret, not per request.
 */
export type Scheme = (secret: string, options: VerifierOptions) => Verifier;

/** The refusal for a credential header that is absent. */
export const missingHeader = (header: string): VerifyResult => ({
  ok: false,
  error: `missing ${header} header`,
});
