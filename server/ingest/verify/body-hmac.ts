/**
 * HMAC of the body in a header: `<header>: sha256=<hex HMAC-SHA256 of the raw
 * body>` under the shared secret. GitHub's `X-Hub-Signature-256` and Runwatch's
 * own `X-Runwatch-Signature-256`.
 */
import { constantTimeEqual } from "../../domain/credentials";
import { hmacKey, hmacSha256 } from "./hmac";
import { missingHeader, type Scheme } from "./verifier";

const FORMAT = /^sha256=[0-9a-fA-F]{64}$/;

/** The body-HMAC scheme read from `header` (named as the vendor spells it). */
export function bodyHmac(header: string): Scheme {
  const name = header.toLowerCase();
  return (secret) => {
    const key = hmacKey(secret);
    return {
      header,
      // An empty header carries no signature: refused as missing.
      carries: ({ headers }) => Boolean(headers[name]),
      verify({ headers, rawBody }) {
        const raw = headers[name];
        if (!raw) return missingHeader(header);
        const given = raw.trim();
        if (!FORMAT.test(given)) return { ok: false, error: `${header} must be "sha256=<64 hex digits>"` };
        const expected = `sha256=${hmacSha256(key, rawBody).toString("hex")}`;
        return constantTimeEqual(given.toLowerCase(), expected)
          ? { ok: true }
          : { ok: false, error: `${header} does not match the body; check the webhook secret` };
      },
    };
  };
}
