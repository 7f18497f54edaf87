/** The dashboard session slice. Tokens go in the cookie; only their hashes are stored. */
import type { Kysely } from "kysely";
import type { Session } from "../../lib/auth";
import type { SessionWithKey } from "./records";
import type { Database } from "./schema";
import {
  insertSession,
  revokeSession,
  revokeSessionsForKey,
  selectSession,
  selectSessions,
} from "./session-queries";

/** Dashboard sessions. */
export interface SessionStore {
  /** Opens a dashboard session; `token` goes in the cookie and is not stored. @throws Error for a revoked key. */
  createSession(keyId: string, ttlMs: number, now: number): Promise<{ token: string; session: Session }>;
  /** The session this token opens; null when unknown, expired, revoked, or its key is revoked. */
  findSession(token: string, now: number): Promise<SessionWithKey | null>;
  /** Sessions newest first; with `activeAt`, only those valid then. */
  listSessions(options?: { keyId?: string; activeAt?: number }): Promise<Session[]>;
  /** Revokes one session; false when unknown or already revoked. */
  revokeSession(id: string, now: number): Promise<boolean>;
  /** Revokes every session of a key; resolves with how many. */
  revokeSessionsForKey(keyId: string, now: number): Promise<number>;
}

/** The session slice over a Kysely database. */
export function createSessionStore(db: Kysely<Database>): SessionStore {
  return {
    createSession: (keyId, ttlMs, now) => insertSession(db, keyId, ttlMs, now),
    findSession: (token, now) => selectSession(db, token, now),
    listSessions: (options) => selectSessions(db, options),
    revokeSession: (id, now) => revokeSession(db, id, now),
    revokeSessionsForKey: (keyId, now) => revokeSessionsForKey(db, keyId, now),
  };
}
