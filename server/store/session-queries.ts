/**
 * Dashboard sessions as dialect-neutral Kysely queries. The cookie carries a
 * random token; only its hash is stored. A session is valid while it is
 * unexpired, unrevoked, and its key is unrevoked.
 */
import type { Kysely, Selectable } from "kysely";
import type { ApiKey, Session } from "../../lib/auth";
import { constantTimeEqual, generateSessionToken, hashSecret } from "../domain/credentials";
import { toApiKey } from "./key-queries";
import type { Database, SessionsTable } from "./schema";

/** How stale `last_seen_at` may get (saves a disk write per request). */
export const SEEN_GRANULARITY_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Maps a row to the public shape (dropping the token hash). */
export function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    keyId: row.key_id,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    expiresAt: new Date(Number(row.expires_at)).toISOString(),
    lastSeenAt: iso(row.last_seen_at),
    revokedAt: iso(row.revoked_at),
  };
}

/** Opens a session for an active key. @throws Error when the key is unknown or revoked, or ttl is not positive. */
export async function insertSession(
  db: Kysely<Database>,
  keyId: string,
  ttlMs: number,
  now: number,
): Promise<{ token: string; session: Session }> {
  if (!(ttlMs > 0)) throw new Error("a session needs a positive lifetime");
  const key = await db
    .selectFrom("api_keys")
    .select("id")
    .where("id", "=", keyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!key) throw new Error(`key ${keyId} is unknown or revoked`);
  const { id, token, hash } = generateSessionToken();
  const row = {
    id,
    token_hash: hash,
    key_id: keyId,
    created_at: now,
    expires_at: now + ttlMs,
    revoked_at: null,
    last_seen_at: null,
  };
  await db.insertInto("sessions").values(row).execute();
  return { token, session: toSession(row) };
}

/** The valid session this token opens, with its key; null otherwise. Refreshes `last_seen_at`. */
export async function selectSession(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<{ session: Session; key: ApiKey } | null> {
  const hash = hashSecret(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("api_keys", "api_keys.id", "sessions.key_id")
    .select([
      "sessions.id as s_id",
      "sessions.token_hash as s_token_hash",
      "sessions.key_id as s_key_id",
      "sessions.created_at as s_created_at",
      "sessions.expires_at as s_expires_at",
      "sessions.revoked_at as s_revoked_at",
      "sessions.last_seen_at as s_last_seen_at",
      "api_keys.id",
      "api_keys.name",
      "api_keys.scopes",
      "api_keys.key_hash",
      "api_keys.prefix",
      "api_keys.created_by",
      "api_keys.created_at",
      "api_keys.last_used_at",
      "api_keys.revoked_at",
      "api_keys.teams",
    ])
    .where("sessions.token_hash", "=", hash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", now)
    .where("api_keys.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || !constantTimeEqual(row.s_token_hash, hash)) return null;
  let lastSeen = row.s_last_seen_at;
  if (lastSeen === null || lastSeen < now - SEEN_GRANULARITY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", row.s_id).execute();
    lastSeen = now;
  }
  return {
    session: toSession({
      id: row.s_id,
      token_hash: row.s_token_hash,
      key_id: row.s_key_id,
      created_at: row.s_created_at,
      expires_at: row.s_expires_at,
      revoked_at: row.s_revoked_at,
      last_seen_at: lastSeen,
    }),
    key: toApiKey(row),
  };
}

/** Sessions, newest first; with `activeAt`, only those still valid at that time. */
export async function selectSessions(
  db: Kysely<Database>,
  options: { keyId?: string; activeAt?: number } = {},
): Promise<Session[]> {
  let q = db.selectFrom("sessions").selectAll("sessions");
  if (options.keyId !== undefined) q = q.where("sessions.key_id", "=", options.keyId);
  if (options.activeAt !== undefined) {
    q = q
      .innerJoin("api_keys", "api_keys.id", "sessions.key_id")
      .where("sessions.revoked_at", "is", null)
      .where("sessions.expires_at", ">", options.activeAt)
      .where("api_keys.revoked_at", "is", null);
  }
  const rows = await q.orderBy("sessions.created_at", "desc").orderBy("sessions.id").execute();
  return rows.map(toSession);
}

/** Revokes one session; false when unknown or already revoked. */
export async function revokeSession(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every unrevoked session of a key; resolves with how many. */
export async function revokeSessionsForKey(
  db: Kysely<Database>,
  keyId: string,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("key_id", "=", keyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
