/**
 * Timestamped HMAC: `<header>: timestamp=<unix s>,signature=<hex>`, the
 * HMAC-SHA256 of `"<timestamp>.<raw body>"` under the shared secret, refused
 * outside the replay window. Buildkite's `X-Buildkite-Signature`
 * (contract: fixtures/README.md §3).
 */
import { constantTimeEqual } from "../../domain/credentials";
import { hmacKey, hmacSha256 } from "./hmac";
import { missingHeader, type Scheme } from "./verifier";

/** The parts of a timestamped signature header, or why it cannot be read. */
export type SignatureParts =
  { ok: true; timestamp: string; signatures: string[] } | { ok: false; error: string };

/**
 * Parses `timestamp=…,signature=…` (the value of `header`): split on `,`, then
 * on the first `=`, whitespace around keys and values ignored, unknown keys skipped.
 */
export function parseTimestampedSignature(value: string, header: string): SignatureParts {
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const text = part.slice(eq + 1).trim();
    if (key === "timestamp") timestamps.push(text);
    else if (key === "signature") signatures.push(text);
  }
  if (timestamps.length !== 1) {
    return { ok: false, error: `${header} must hold exactly one timestamp=<unix seconds>` };
  }
  if (signatures.length === 0) return { ok: false, error: `${header} has no signature=<hex>` };
  return { ok: true, timestamp: timestamps[0] ?? "", signatures };
}

/** The timestamped-HMAC scheme read from `header` (named as the vendor spells it). */
export function timestampedHmac(header: string): Scheme {
  const name = header.toLowerCase();
  return (secret, { clock, toleranceMs }) => {
    const key = hmacKey(secret);
    const stale = `${header} timestamp is more than ${Math.round(toleranceMs / 1000)}s from the server's clock; replayed delivery or clock skew`;
    return {
      header,
      carries: ({ headers }) => headers[name] !== undefined,
      verify({ headers, rawBody }) {
        const value = headers[name];
        if (value === undefined) return missingHeader(header);
        const parts = parseTimestampedSignature(value, header);
        if (!parts.ok) return parts;
        const { timestamp, signatures } = parts;
        if (!/^\d{1,12}$/.test(timestamp))
          return { ok: false, error: `${header} timestamp must be Unix seconds` };
        // Replay window, both ways: a stale capture and a clock far ahead are refused alike.
        if (Math.abs(clock.now() - Number(timestamp) * 1000) > toleranceMs)
          return { ok: false, error: stale };
        // The signed message is the header's timestamp text as sent, a dot, then the raw bytes.
        const expected = hmacSha256(key, `${timestamp}.`, rawBody).toString("hex");
        // Accept if ANY candidate matches (rotation could send several); compare every one.
        let matched = false;
        for (const candidate of signatures) {
          if (/^[0-9a-fA-F]{64}$/.test(candidate) && constantTimeEqual(candidate.toLowerCase(), expected))
            matched = true;
        }
        return matched
          ? { ok: true }
          : { ok: false, error: `${header} does not match the body; check the webhook token` };
      },
    };
  };
}
