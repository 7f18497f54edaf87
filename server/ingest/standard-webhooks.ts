/**
 * The Standard Webhooks signature scheme (standardwebhooks.com), used by
 * GitLab signing tokens: `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature` (space-separated `v1,<base64>` entries) over
 * `"{id}.{timestamp}.{raw body}"`, HMAC-SHA256 keyed by the base64-decoded
 * secret (`whsec_` prefix removed). Contract: fixtures/README.md §2.
 */
import { createHmac } from "node:crypto";
import { safeEqual, type VerifyResult, type WebhookRequest } from "./verify";

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
function sign(key: Buffer, { id, timestamp, body }: StandardWebhooksMessage): string {
  const digest = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return `v1,${digest}`;
}

/**
 * Signs a message as a Standard Webhooks sender does (for the demo and tests).
 * @throws Error when the secret is not `whsec_<base64>`.
 */
export function signStandardWebhook(secret: string, message: StandardWebhooksMessage): string {
  const key = standardWebhooksKey(secret);
  if (key === null) throw new Error("a Standard Webhooks secret must be whsec_ followed by base64");
  return sign(key, message);
}

/**
 * Verifies a Standard Webhooks delivery: id present, timestamp within
 * `request.toleranceMs` of `request.now` either way, and at least one `v1`
 * signature matching the raw body. Never throws; errors name the header at
 * fault and never contain the secret.
 */
export function verifyStandardWebhook(request: WebhookRequest, secret: string): VerifyResult {
  const { headers, rawBody, now, toleranceMs } = request;
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (!id) return { ok: false, error: "missing webhook-id header" };
  if (!timestamp) return { ok: false, error: "missing webhook-timestamp header" };
  if (!signature) return { ok: false, error: "missing webhook-signature header" };

  const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isSafeInteger(seconds)) {
    return { ok: false, error: "webhook-timestamp must be a Unix time in whole seconds" };
  }
  const skewMs = now - seconds * 1000;
  const allowed = `${Math.round(toleranceMs / 1000)} s allowed`;
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
  const key = standardWebhooksKey(secret);
  if (key === null) {
    return { ok: false, error: "the configured signing token is not whsec_ followed by base64" };
  }
  const expected = sign(key, { id, timestamp, body: rawBody });
  // Accept if ANY candidate matches (signature rotation sends several); compare every one.
  const matches = candidates.map((candidate) => safeEqual(candidate, expected));
  return matches.includes(true)
    ? { ok: true }
    : { ok: false, error: "webhook-signature does not match the body; check the signing token" };
}
