/**
 * Webhook verification: one verifier per vendor scheme behind one interface.
 * Verifiers check the raw request bytes (never re-serialised JSON) and compare
 * secrets in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a verifier sees of a request. Header names are lower-case. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** Now, in ms since the epoch (injected, so replay windows are testable). */
  now: number;
  /** How far a signed timestamp may be from `now`, either way, before it is stale (ms). */
  toleranceMs: number;
}

/** Outcome of verification: never throws for a bad request. */
export type VerifyResult = { ok: true } | { ok: false; error: string };

/** Checks that a delivery really comes from the vendor holding `secret`. */
export type Verifier<Secret = string> = (request: WebhookRequest, secret: Secret) => VerifyResult;

/** Hex HMAC-SHA256 of `payload` under `secret`. */
export function hmacSha256Hex(secret: string | Buffer, payload: string | Buffer): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

/** Constant-time string equality (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // timingSafeEqual throws on unequal lengths; compare against itself to keep timing flat.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * Verifier for `<header>: sha256=<hex HMAC-SHA256 of raw body>` — GitHub's
 * `X-Hub-Signature-256` and Runwatch's own `X-Runwatch-Signature-256`.
 */
export function sha256BodySignature(header: string): Verifier {
  const name = header.toLowerCase();
  return ({ headers, rawBody }, secret) => {
    const given = headers[name];
    if (!given) return { ok: false, error: `missing ${header} header` };
    if (!/^sha256=[0-9a-fA-F]{64}$/.test(given.trim())) {
      return { ok: false, error: `${header} must be "sha256=<64 hex digits>"` };
    }
    const expected = `sha256=${hmacSha256Hex(secret, rawBody)}`;
    return safeEqual(given.trim().toLowerCase(), expected)
      ? { ok: true }
      : { ok: false, error: `${header} does not match the body; check the webhook secret` };
  };
}
