/**
 * Buildkite webhook authenticity: the signed mode
 * (`X-Buildkite-Signature: timestamp=<unix s>,signature=<hex>`, HMAC-SHA256 of
 * `"<timestamp>.<raw body>"` under the webhook token) or the plain mode
 * (`X-Buildkite-Token: <token>`). Contract: fixtures/README.md §3.
 */
import { hmacSha256Hex, safeEqual, type VerifyResult, type WebhookRequest } from "./verify";

const SIGNATURE = "X-Buildkite-Signature";
const TOKEN = "X-Buildkite-Token";

/** The parts of an `X-Buildkite-Signature` header, or why it cannot be read. */
export type SignatureParts =
  { ok: true; timestamp: string; signatures: string[] } | { ok: false; error: string };

/**
 * Parses `timestamp=…,signature=…`: split on `,`, then on the first `=`,
 * whitespace around keys and values ignored, unknown keys skipped.
 */
export function parseSignatureHeader(header: string): SignatureParts {
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "timestamp") timestamps.push(value);
    else if (key === "signature") signatures.push(value);
  }
  if (timestamps.length !== 1) {
    return { ok: false, error: `${SIGNATURE} must hold exactly one timestamp=<unix seconds>` };
  }
  if (signatures.length === 0) return { ok: false, error: `${SIGNATURE} has no signature=<hex>` };
  return { ok: true, timestamp: timestamps[0] ?? "", signatures };
}

function verifySignature(request: WebhookRequest, header: string, token: string): VerifyResult {
  const parts = parseSignatureHeader(header);
  if (!parts.ok) return parts;
  const { timestamp, signatures } = parts;
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, error: `${SIGNATURE} timestamp must be Unix seconds` };
  }
  // Replay window, both ways: a stale capture and a clock far ahead are refused alike.
  if (Math.abs(request.now - Number(timestamp) * 1000) > request.toleranceMs) {
    const seconds = Math.round(request.toleranceMs / 1000);
    return {
      ok: false,
      error: `${SIGNATURE} timestamp is more than ${seconds}s from the server's clock; replayed delivery or clock skew`,
    };
  }
  // The signed message is the header's timestamp text as sent, a dot, then the raw bytes.
  const expected = hmacSha256Hex(
    token,
    Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), request.rawBody]),
  );
  // Accept if ANY candidate matches (Buildkite sends one; rotation could send several).
  let matched = false;
  for (const candidate of signatures) {
    if (/^[0-9a-fA-F]{64}$/.test(candidate) && safeEqual(candidate.toLowerCase(), expected)) matched = true;
  }
  return matched
    ? { ok: true }
    : { ok: false, error: `${SIGNATURE} does not match the body; check the webhook token` };
}

/**
 * Verifies a Buildkite delivery against the webhook token. A signature header,
 * when present, decides alone (a token header beside it is not a fallback).
 * Never throws; error messages never echo the token or the headers' values.
 */
export function verifyBuildkite(request: WebhookRequest, token: string | undefined): VerifyResult {
  if (!token) return { ok: false, error: "RUNWATCH_BUILDKITE_TOKEN is not set on the Runwatch server" };
  const signature = request.headers[SIGNATURE.toLowerCase()];
  if (signature !== undefined) return verifySignature(request, signature, token);
  const given = request.headers[TOKEN.toLowerCase()];
  if (given !== undefined) {
    return safeEqual(given, token)
      ? { ok: true }
      : { ok: false, error: `${TOKEN} does not match; check the webhook token` };
  }
  return { ok: false, error: `missing ${SIGNATURE} or ${TOKEN} header` };
}
