/**
 * API keys and session tokens, as pure functions: generation, hashing,
 * constant-time comparison, the scope model, and the first-start admin-key
 * policy. Only hashes are ever stored.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SCOPES, type Scope } from "../../lib/auth";

/** Every API key starts with this, so secret scanners and people can recognise one. */
export const KEY_PREFIX = "rw_";
/** Every session token starts with this. */
export const SESSION_PREFIX = "rws_";
/** Characters of the random part shown in listings (36 of 256 bits: recognisable, useless to an attacker). */
const VISIBLE_CHARS = 6;
/** Shortest `RUNWATCH_ADMIN_TOKEN` accepted: it is hashed like a generated key, so it must be as hard to guess. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** A freshly generated API key. `secret` is shown once and never stored. */
export interface GeneratedKey {
  id: string;
  secret: string;
  prefix: string;
  hash: string;
}

/**
 * A new API key: `rw_` + 32 random bytes in base64url (43 characters), a
 * separate random 12-hex-digit id, the display prefix and the hash to store.
 */
export function generateApiKey(): GeneratedKey {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    id: randomBytes(6).toString("hex"),
    secret,
    prefix: displayPrefix(secret),
    hash: hashSecret(secret),
  };
}

/** A new session: `rws_` + 32 random bytes in base64url, a random id and the hash to store. */
export function generateSessionToken(): { id: string; token: string; hash: string } {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { id: randomBytes(8).toString("hex"), token, hash: hashSecret(token) };
}

/** The non-secret start of a key, for listings: `rw_` and six characters. */
export function displayPrefix(secret: string): string {
  const body = secret.startsWith(KEY_PREFIX) ? secret.slice(KEY_PREFIX.length) : secret;
  return `${secret.startsWith(KEY_PREFIX) ? KEY_PREFIX : ""}${body.slice(0, VISIBLE_CHARS)}`;
}

/**
 * Lowercase hex SHA-256 of a key or token. A fast unsalted hash is right here,
 * unlike for passwords: the secrets are 256 random bits, so there is no
 * dictionary to try and brute force is hopeless however fast the hash. It also
 * makes the hash a lookup key, so a stored key is found by one indexed query.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Compares two secrets (or hashes) in time independent of where they differ
 * and of their lengths: both sides are hashed to 32 bytes first, since
 * `timingSafeEqual` itself throws on (and so leaks) a length difference.
 * The one secret compare of the server: keys, sessions, webhook verifiers and
 * the alert webhook's own signature check all use it.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

/** True when a key holding `keyScopes` may do what `needed` allows. `admin` implies `read`. */
export function hasScope(keyScopes: readonly Scope[], needed: Scope): boolean {
  return keyScopes.includes(needed) || (needed === "read" && keyScopes.includes("admin"));
}

/** Distinct scopes in `SCOPES` order; the form keys are stored in. @throws Error when empty or unknown. */
export function normaliseScopes(scopes: readonly string[]): Scope[] {
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scope ${unknown.map((s) => JSON.stringify(s)).join(", ")}; use ${SCOPES.join(", ")}`,
    );
  }
  const result = SCOPES.filter((s) => scopes.includes(s));
  if (result.length === 0) throw new Error(`a key needs at least one scope: ${SCOPES.join(", ")}`);
  return result;
}

/** What first start should do about the admin credential. */
export type AdminBootstrapPlan =
  | { action: "none"; warning?: string }
  | { action: "register-configured" }
  | { action: "generate"; warning?: string };

/**
 * The first-start policy. An active admin key already existing wins: the
 * configured token is then only ever honoured if it is that key. With none,
 * `RUNWATCH_ADMIN_TOKEN` is registered unless it was revoked before (a revoked
 * credential never comes back); otherwise a key is generated for the server to
 * print once.
 */
export function planAdminBootstrap(state: {
  activeAdminKeys: number;
  /** Whether `RUNWATCH_ADMIN_TOKEN` is set, and what the store knows of it. */
  configured: "unset" | "unknown" | "active" | "revoked";
}): AdminBootstrapPlan {
  const revokedWarning = "RUNWATCH_ADMIN_TOKEN was revoked and is not accepted; unset it or set a new value";
  if (state.activeAdminKeys > 0) {
    if (state.configured === "revoked") return { action: "none", warning: revokedWarning };
    if (state.configured === "unknown") {
      return {
        action: "none",
        warning:
          "RUNWATCH_ADMIN_TOKEN is ignored: an admin key already exists (manage keys with `npm run runwatch -- keys`)",
      };
    }
    return { action: "none" };
  }
  if (state.configured === "revoked") return { action: "generate", warning: revokedWarning };
  if (state.configured === "unknown") return { action: "register-configured" };
  return { action: "generate" };
}

/** Why a configured admin token is unacceptable, or null when it is fine. */
export function adminTokenProblem(token: string): string | null {
  return token.length < MIN_ADMIN_TOKEN_LENGTH
    ? `RUNWATCH_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (try: openssl rand -base64 32)`
    : null;
}
