/**
 * Kysely table types of access control: API keys, sessions, single sign-on
 * users and pending logins, teams, and the audit log with its chain marker.
 * Re-exported by `schema.ts`, whose `Database` lists them.
 */
/** API keys. Only the SHA-256 of the secret is kept. Times are ms since epoch. */
export interface ApiKeysTable {
  id: string;
  name: string;
  /** JSON array of scopes, in `SCOPES` order. */
  scopes: string;
  key_hash: string;
  prefix: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** JSON array of team names (migration 0020); `[]` when the key is not scoped. */
  teams: string;
}

/** Dashboard sessions, each opened by signing in with a key. Only the token's SHA-256 is kept. */
export interface SessionsTable {
  id: string;
  token_hash: string;
  key_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

/** People and access-token subjects the identity provider vouched for (migration 0019). Times are ms since epoch. */
export interface UsersTable {
  id: string;
  issuer: string;
  subject: string;
  kind: string;
  name: string;
  email: string | null;
  /** JSON array of strings. */
  groups: string;
  role: string;
  created_at: number;
  last_seen_at: number;
}

/** Dashboard sessions of signed-in users (single sign-on). Only the token's SHA-256 is kept. */
export interface UserSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  id_token: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

/** Pending single sign-on logins, consumed once by the callback. */
export interface OidcLoginsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: number;
}

/** The hash-chained, append-only audit log (UPDATE and DELETE are refused by triggers). */
export interface AuditLogTable {
  /** 1, 2, 3, … assigned by the appender, never by the database, so the chain has no gaps. */
  seq: number;
  /** ms since epoch. */
  at: number;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): the first audit `seq` chained with the HMAC key (migration 0018). */
export interface AuditChainTable {
  id: number;
  keyed_from: number;
}

/** Teams (migration 0020): globs as JSON arrays, times in ms since epoch. */
export interface TeamsTable {
  name: string;
  repos: string;
  sources: string;
  pools: string;
  groups: string;
  created_at: number;
  updated_at: number;
}
