/** The single sign-on slice: users, their sessions, and pending logins (see `user-queries.ts`). */
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import {
  insertPendingLogin,
  insertUserSession,
  revokeUserSession,
  revokeUserSessions,
  selectOpenUserSessions,
  selectUserSession,
  selectUsers,
  takePendingLogin,
  upsertUser,
  type PendingLogin,
  type UserClaims,
  type UserRecord,
  type UserSessionFound,
  type UserSessionListed,
} from "./user-queries";

export type { PendingLogin, UserClaims, UserRecord, UserSessionFound } from "./user-queries";

/** Users signed in through the identity provider. */
export interface UserStore {
  /** Inserts or refreshes the user with this issuer + subject (name, email, groups, role, last seen). */
  upsertUser(claims: UserClaims, now: number): Promise<{ user: UserRecord; created: boolean }>;
  /** Every user, most recently seen first. */
  listUsers(now: number): Promise<UserRecord[]>;
  /** Opens a dashboard session for a user; `token` goes in the cookie and is not stored. */
  createUserSession(
    userId: string,
    idToken: string | null,
    ttlMs: number,
    now: number,
  ): Promise<{ token: string; id: string; expiresAt: string }>;
  /** The valid session this token opens, with its user; null otherwise. */
  findUserSession(token: string, now: number): Promise<UserSessionFound | null>;
  /** Revokes one user session; resolves with its kept ID token (for logout at the provider), null when unknown or already revoked. */
  revokeUserSession(id: string, now: number): Promise<{ idToken: string | null } | null>;
  /** Every open user session with its user, newest first (the access review). */
  listUserSessions(now: number): Promise<UserSessionListed[]>;
  /** Revokes every open session of a user; resolves with how many. */
  revokeUserSessions(userId: string, now: number): Promise<number>;
  /** Keeps a pending sign-in until the callback takes it. */
  savePendingLogin(login: PendingLogin, now: number): Promise<void>;
  /** Takes (deletes) the pending sign-in for `state`; null when unknown, already taken, or expired. */
  takePendingLogin(state: string, now: number): Promise<PendingLogin | null>;
}

/** The slice over a Kysely database. */
export function createUserStore(db: Kysely<Database>): UserStore {
  return {
    upsertUser: (claims, now) => upsertUser(db, claims, now),
    listUsers: (now) => selectUsers(db, now),
    createUserSession: (userId, idToken, ttlMs, now) => insertUserSession(db, userId, idToken, ttlMs, now),
    findUserSession: (token, now) => selectUserSession(db, token, now),
    revokeUserSession: (id, now) => revokeUserSession(db, id, now),
    revokeUserSessions: (userId, now) => revokeUserSessions(db, userId, now),
    listUserSessions: (now) => selectOpenUserSessions(db, now),
    savePendingLogin: (login, now) => insertPendingLogin(db, login, now),
    takePendingLogin: (state, now) => takePendingLogin(db, state, now),
  };
}
