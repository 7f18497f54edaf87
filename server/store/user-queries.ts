/**
 * Single sign-on rows as dialect-neutral Kysely queries: users (upserted by
 * issuer + subject), their sessions (token hashes only), and pending logins
 * (deleted as they are read, so each is consumed once, on any node).
 */
import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { constantTimeEqual, generateSessionToken, hashSecret } from "../domain/credentials";
import type { Database, OidcLoginsTable, UsersTable } from "./schema";
import type { SsoUser } from "../../lib/sso";
import { SEEN_GRANULARITY_MS } from "./session-queries";

/** A user as the admin page lists it (`lib/sso.ts`). */
export type UserRecord = SsoUser;

/** What the provider said about a user at sign-in. */
export interface UserClaims {
  issuer: string;
  subject: string;
  kind: "person" | "client";
  name: string;
  email: string | null;
  groups: string[];
  role: string;
}

/** A valid user session and its user. */
export interface UserSessionFound {
  session: { id: string; userId: string; idToken: string | null; expiresAt: string };
  user: UserRecord;
}

/** A pending login. */
export type PendingLogin = Selectable<OidcLoginsTable>;

const iso = (ms: number) => new Date(Number(ms)).toISOString();

function parseGroups(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

function toUser(row: Selectable<UsersTable>, activeSessions = 0): UserRecord {
  return {
    id: row.id,
    issuer: row.issuer,
    subject: row.subject,
    kind: row.kind === "client" ? "client" : "person",
    name: row.name,
    email: row.email,
    groups: parseGroups(row.groups),
    role: row.role,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    activeSessions,
  };
}

/** Inserts or refreshes the user with this issuer and subject; `created` is true for a new one. */
export async function upsertUser(
  db: Kysely<Database>,
  claims: UserClaims,
  now: number,
): Promise<{ user: UserRecord; created: boolean }> {
  const values = {
    kind: claims.kind,
    name: claims.name,
    email: claims.email,
    groups: JSON.stringify(claims.groups),
    role: claims.role,
    last_seen_at: now,
  };
  const id = `usr_${randomBytes(8).toString("hex")}`;
  const inserted = await db
    .insertInto("users")
    .values({ id, issuer: claims.issuer, subject: claims.subject, created_at: now, ...values })
    .onConflict((oc) => oc.columns(["issuer", "subject"]).doNothing())
    .executeTakeFirst();
  const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  if (!created)
    await db
      .updateTable("users")
      .set(values)
      .where("issuer", "=", claims.issuer)
      .where("subject", "=", claims.subject)
      .execute();
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("issuer", "=", claims.issuer)
    .where("subject", "=", claims.subject)
    .executeTakeFirstOrThrow();
  return { user: toUser(row), created };
}

/** Every user, most recently seen first, with their open session counts. */
export async function selectUsers(db: Kysely<Database>, now: number): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .orderBy("last_seen_at", "desc")
    .orderBy("id")
    .execute();
  const counts = await db
    .selectFrom("user_sessions")
    .select(["user_id", db.fn.countAll().as("n")])
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .groupBy("user_id")
    .execute();
  const byUser = new Map(counts.map((c) => [c.user_id, Number(c.n)]));
  return rows.map((row) => toUser(row, byUser.get(row.id) ?? 0));
}

/** An open single sign-on session, with its user (the access review). Times are ISO 8601. */
export interface UserSessionListed {
  id: string;
  userId: string;
  /** The user's e-mail, or name when the provider gave none. */
  userName: string;
  role: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
}

/** Every open (unrevoked, unexpired) user session, newest first. */
export async function selectOpenUserSessions(
  db: Kysely<Database>,
  now: number,
): Promise<UserSessionListed[]> {
  const rows = await db
    .selectFrom("user_sessions")
    .innerJoin("users", "users.id", "user_sessions.user_id")
    .select([
      "user_sessions.id as id",
      "user_sessions.user_id as user_id",
      "users.name as name",
      "users.email as email",
      "users.role as role",
      "user_sessions.created_at as created_at",
      "user_sessions.last_seen_at as last_seen_at",
      "user_sessions.expires_at as expires_at",
    ])
    .where("user_sessions.revoked_at", "is", null)
    .where("user_sessions.expires_at", ">", now)
    .orderBy("user_sessions.created_at", "desc")
    .orderBy("user_sessions.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    userName: row.email ?? row.name,
    role: row.role,
    createdAt: iso(row.created_at),
    lastSeenAt: row.last_seen_at === null ? null : iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
  }));
}

/** Opens a session for a user; the token goes in the cookie and is not stored. */
export async function insertUserSession(
  db: Kysely<Database>,
  userId: string,
  idToken: string | null,
  ttlMs: number,
  now: number,
): Promise<{ token: string; id: string; expiresAt: string }> {
  if (!(ttlMs > 0)) throw new Error("a session needs a positive lifetime");
  const { id, token, hash } = generateSessionToken();
  await db
    .insertInto("user_sessions")
    .values({
      id,
      token_hash: hash,
      user_id: userId,
      id_token: idToken,
      created_at: now,
      expires_at: now + ttlMs,
      revoked_at: null,
      last_seen_at: null,
    })
    .execute();
  return { token, id, expiresAt: iso(now + ttlMs) };
}

/** The valid user session this token opens; null when unknown, expired or revoked. */
export async function selectUserSession(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<UserSessionFound | null> {
  const hash = hashSecret(token);
  const row = await db
    .selectFrom("user_sessions")
    .innerJoin("users", "users.id", "user_sessions.user_id")
    .selectAll("users")
    .select([
      "user_sessions.id as s_id",
      "user_sessions.token_hash as s_token_hash",
      "user_sessions.id_token as s_id_token",
      "user_sessions.expires_at as s_expires_at",
      "user_sessions.last_seen_at as s_last_seen_at",
    ])
    .where("user_sessions.token_hash", "=", hash)
    .where("user_sessions.revoked_at", "is", null)
    .where("user_sessions.expires_at", ">", now)
    .executeTakeFirst();
  if (!row || !constantTimeEqual(row.s_token_hash, hash)) return null;
  if (row.s_last_seen_at === null || Number(row.s_last_seen_at) < now - SEEN_GRANULARITY_MS) {
    await db.updateTable("user_sessions").set({ last_seen_at: now }).where("id", "=", row.s_id).execute();
    await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", row.id).execute();
  }
  return {
    session: { id: row.s_id, userId: row.id, idToken: row.s_id_token, expiresAt: iso(row.s_expires_at) },
    user: toUser(row),
  };
}

/** Revokes one user session; its kept ID token, or null when unknown or already revoked. */
export async function revokeUserSession(
  db: Kysely<Database>,
  id: string,
  now: number,
): Promise<{ idToken: string | null } | null> {
  const row = await db
    .updateTable("user_sessions")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning("id_token")
    .executeTakeFirst();
  return row ? { idToken: row.id_token } : null;
}

/** Revokes every open session of a user; resolves with how many. */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: number): Promise<number> {
  const result = await db
    .updateTable("user_sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Stores a pending login, and drops expired ones (there are few: one per sign-in in flight). */
export async function insertPendingLogin(
  db: Kysely<Database>,
  login: PendingLogin,
  now: number,
): Promise<void> {
  await db.deleteFrom("oidc_logins").where("expires_at", "<=", now).execute();
  await db.insertInto("oidc_logins").values(login).execute();
}

/** Takes the pending login for `state`: deleted in the same statement, so a replay finds nothing. */
export async function takePendingLogin(
  db: Kysely<Database>,
  state: string,
  now: number,
): Promise<PendingLogin | null> {
  const row = await db.deleteFrom("oidc_logins").where("state", "=", state).returningAll().executeTakeFirst();
  if (!row || Number(row.expires_at) <= now) return null;
  return { ...row, expires_at: Number(row.expires_at) };
}
