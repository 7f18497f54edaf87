/**
 * The Standard Webhooks scheme (standardwebhooks.com), used by GitLab signing
 * tokens: `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature` (space-separated `v1,<base64>` entries) over
 * `"{id}.{timestamp}.{raw body}"`, HMAC-SHA256 keyed by the base64-decoded
 * secret (`whsec_` prefix removed). Contract: fixtures/README.md §2.
 */
import type { KeyObject } from "node:crypto";
import { constantTimeEqual } from "../../domain/credentials";
import { hmacKey, hmacSha256 } from "./hmac";
import { missingHeader, type Scheme } from "./verifier";

const PREFIX = "whsec_";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional), or null when it is not base64. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (!BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length > 0 ? key : null;
}

/** What is signed: the delivery id, the timestamp and the raw body bytes (never re-serialised). */
export interface StandardWebhooksMessage {
  id: string;
  /** Unix seconds, exactly as sent in `webhook-timestamp`. */
  timestamp: string;
  body: Buffer;
}

/** The `v1,<base64>` signature of a message under `key`. */
const sign = (key: KeyObject, { id, timestamp, body }: StandardWebhooksMessage) =>
  `v1,${hmacSha256(key, `${id}.${timestamp}.`, body).toString("base64")}`;

/**
 * Signs a message as a Standard Webhooks sender does (for the demo and tests).
 * @throws Error when the secret is not `whsec_<base64>`.
 */
export function signStandardWebhook(secret: string, message: StandardWebhooksMessage): string {
  const key = standardWebhooksKey(secret);
  if (key === null) throw new Error("a Standard Webhooks secret must be whsec_ followed by base64");
  return sign(hmacKey(key), message);
}

/**
 * The Standard Webhooks scheme: `webhook-id` present, `webhook-timestamp`
 * within the tolerance of now either way, and at least one `v1` entry of
 * `webhook-signature` matching the raw body. Refusals name the header at fault
 * and never contain the secret. A secret that is not base64 refuses every
 * delivery (settings refuse to start with one; this is the last guard).
 */
export const standardWebhooks: Scheme = (secret, { clock, toleranceMs }) => {
  const decoded = standardWebhooksKey(secret);
  const key = decoded === null ? null : hmacKey(decoded);
  const allowed = `${Math.round(toleranceMs / 1000)} s allowed`;
  return {
    header: "webhook-signature",
    carries: ({ headers }) => headers["webhook-signature"] !== undefined,
    verify({ headers, rawBody }) {
      const id = headers["webhook-id"];
      const timestamp = headers["webhook-timestamp"];
      const signature = headers["webhook-signature"];
      if (!id) return missingHeader("webhook-id");
      if (!timestamp) return missingHeader("webhook-timestamp");
      if (!signature) return missingHeader("webhook-signature");

      const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
      if (!Number.isSafeInteger(seconds)) {
        return { ok: false, error: "webhook-timestamp must be a Unix time in whole seconds" };
      }
      const skewMs = clock.now() - seconds * 1000;
      if (skewMs > toleranceMs) {
        return {
          ok: false,
          error: `webhook-timestamp is stale (${Math.round(skewMs / 1000)} s old, ${allowed})`,
        };
      }
      if (-skewMs > toleranceMs) {
        return {
          ok: false,
          error: `webhook-timestamp is in the future (${Math.round(-skewMs / 1000)} s ahead, ${allowed})`,
        };
      }

      // Entries of other versions (a future v2, or v1a asymmetric keys) are not ours to check.
      const candidates = signature.split(/\s+/).filter((entry) => entry.startsWith("v1,"));
      if (candidates.length === 0) {
        return { ok: false, error: 'webhook-signature has no "v1,<base64>" entry' };
      }
      if (key === null) {
        return { ok: false, error: "the configured signing token is not whsec_ followed by base64" };
      }
      const expected = sign(key, { id, timestamp, body: rawBody });
      // Accept if ANY candidate matches (signature rotation sends several); compare every one.
      const matches = candidates.map((candidate) => constantTimeEqual(candidate, expected));
      return matches.includes(true)
        ? { ok: true }
        : { ok: false, error: "webhook-signature does not match the body; check the signing token" };
    },
  };
};
