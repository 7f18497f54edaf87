/**
 * HTTP Basic: `Authorization: Basic base64(user:password)`, any user name, the
 * password being the secret. Jenkins' Notification plugin sends it for a URL
 * of the form `https://user:token@host/…`, as the only credential it can send.
 */
import { constantTimeEqual } from "../../domain/credentials";
import { missingHeader, type Scheme } from "./verifier";

const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

const percentDecoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** How a vendor names its Basic-auth scheme. */
export interface BasicAuthOptions {
  /** The refusal when the password is wrong (it must not echo either value). */
  mismatch: string;
}

/** The HTTP Basic scheme; an empty `Authorization` header counts as missing. */
export function basicAuth({ mismatch }: BasicAuthOptions): Scheme {
  return (secret) => ({
    header: "Authorization",
    carries: ({ headers }) => Boolean(headers.authorization),
    verify({ headers }) {
      const header = headers.authorization;
      if (!header) return missingHeader("Authorization");
      const encoded = BASIC.exec(header.trim())?.[1];
      const decoded = encoded === undefined ? "" : Buffer.from(encoded, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return { ok: false, error: 'Authorization must be "Basic base64(user:password)"' };
      const password = decoded.slice(colon + 1);
      // A sender copies the URL's user info as written, so a token with reserved
      // characters arrives percent-encoded: accept it either way (both compared).
      const asSent = constantTimeEqual(password, secret);
      const decodedMatches = constantTimeEqual(percentDecoded(password), secret);
      // An empty secret matches nothing (prepareVerifier never prepares one; this is the last guard).
      return secret !== "" && (asSent || decodedMatches) ? { ok: true } : { ok: false, error: mismatch };
    },
  });
}
