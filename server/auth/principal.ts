/**
 * Who is calling: resolves the credentials a request or socket handshake
 * carries (an API key as bearer token, or a dashboard session token) into a
 * principal. Shared by the HTTP access hook and the socket middleware so both
 * decide the same way.
 */
import type { Scope } from "../../lib/auth";
import { readCookie, SESSION_COOKIE } from "./cookies";
import type { AuthStore } from "../store/store";
import { hasScope } from "../domain/credentials";
import { teamsFor } from "../../lib/teams";

/** An authenticated caller. */
export interface Principal {
  /** The API key's id, or the user's id (`usr_…`) for a single sign-on session or access token. */
  keyId: string;
  name: string;
  scopes: Scope[];
  /** How the caller authenticated: an API key, a dashboard session, or an OAuth 2.0 access token. */
  via: "key" | "session" | "token";
  /** The role claim's values (the user's or token's groups); `[]` for API keys and key sessions. */
  groups: string[];
  /** The signed-in user (single sign-on session or access token); null for API keys. */
  userId: string | null;
  /** The session, when `via` is `session`. */
  sessionId: string | null;
  /** When the session ends (ISO 8601), when `via` is `session`. */
  expiresAt: string | null;
  /**
   * The teams whose jobs alone the caller sees (`teamsFor`); null when it is
   * not scoped (admins always, keys without teams).
   */
  teams: string[] | null;
}

/** Credentials found on a request; both optional. */
export interface Credentials {
  bearer?: string;
  sessionToken?: string;
}

/** Result of resolving credentials. */
export type Resolution =
  | { kind: "none" }
  | { kind: "invalid"; via: "key" | "session" | "token" }
  | { kind: "ok"; principal: Principal; firstUse: boolean };

/**
 * Checks an OAuth 2.0 access token (a JWT) sent as a bearer credential;
 * absent when single sign-on is not configured.
 */
export type AccessTokenCheck = (jwt: string, now: number) => Promise<Resolution>;

// Compact JWS: three base64url parts. API keys (`rw_…`) never contain a dot.
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Reads `Authorization: Bearer <key>`; undefined for any other scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * The credentials a request or socket handshake carries: an explicit token
 * (a socket's `auth.token`) or `Authorization: Bearer`, and the session cookie.
 */
export function credentialsFrom(
  headers: { authorization?: string; cookie?: string },
  token?: string,
): Credentials {
  return {
    bearer: token ?? bearerToken(headers.authorization),
    sessionToken: readCookie(headers.cookie, SESSION_COOKIE),
  };
}

/**
 * Resolves credentials against the store. A bearer credential (an API key, or an access
 * token when `accessTokens` is given) wins over a session cookie.
 */
export async function resolvePrincipal(
  store: AuthStore,
  credentials: Credentials,
  now: number,
  accessTokens?: AccessTokenCheck,
): Promise<Resolution> {
  if (credentials.bearer !== undefined && accessTokens && JWT_SHAPE.test(credentials.bearer))
    return withUserTeams(store, await accessTokens(credentials.bearer, now));
  if (credentials.bearer !== undefined) {
    const key = await store.findApiKeyBySecret(credentials.bearer);
    if (!key) return { kind: "invalid", via: "key" };
    const { firstUse } = await store.touchApiKey(key.id, now);
    return {
      kind: "ok",
      firstUse,
      principal: {
        keyId: key.id,
        name: key.name,
        scopes: key.scopes,
        via: "key",
        groups: [],
        userId: null,
        sessionId: null,
        expiresAt: null,
        // A key's teams are explicit: no group, so the team list is not needed.
        teams: teamsFor({ scopes: key.scopes, groups: [], keyTeams: key.teams }, []),
      },
    };
  }
  if (credentials.sessionToken) {
    const found = await store.findSession(credentials.sessionToken, now);
    if (!found) return withUserTeams(store, await resolveUserSession(store, credentials.sessionToken, now));
    return {
      kind: "ok",
      firstUse: false,
      principal: {
        keyId: found.key.id,
        name: found.key.name,
        scopes: found.key.scopes,
        via: "session",
        groups: [],
        userId: null,
        sessionId: found.session.id,
        expiresAt: found.session.expiresAt,
        teams: teamsFor({ scopes: found.key.scopes, groups: [], keyTeams: found.key.teams }, []),
      },
    };
  }
  return { kind: "none" };
}

/** A single sign-on session (same cookie, its own table): the user's role as of sign-in gives the scopes. */
async function resolveUserSession(store: AuthStore, token: string, now: number): Promise<Resolution> {
  const found = await store.findUserSession(token, now);
  const scopes = found ? roleScopes(found.user.role) : [];
  if (!found || scopes.length === 0) return { kind: "invalid", via: "session" };
  return {
    kind: "ok",
    firstUse: false,
    principal: {
      keyId: found.user.id,
      name: found.user.email ?? found.user.name,
      scopes,
      via: "session",
      groups: found.user.groups,
      userId: found.user.id,
      sessionId: found.session.id,
      expiresAt: found.session.expiresAt,
      teams: null,
    },
  };
}

/**
 * A user's (single sign-on session or access token) teams: those whose groups
 * hold one of the user's groups (`teamsFor`). Read per request, as the role is:
 * a team's new groups apply to sessions already open.
 */
async function withUserTeams(store: AuthStore, resolution: Resolution): Promise<Resolution> {
  if (resolution.kind !== "ok") return resolution;
  const { principal } = resolution;
  if (principal.scopes.includes("admin") || principal.groups.length === 0) return resolution;
  const teams = teamsFor(
    { scopes: principal.scopes, groups: principal.groups, keyTeams: [] },
    await store.listTeams(),
  );
  return { ...resolution, principal: { ...principal, teams } };
}

/** The scopes a single sign-on role grants (`deny`, or anything unknown: none). */
export function roleScopes(role: string): Scope[] {
  if (role === "admin") return ["admin"];
  if (role === "read") return ["read"];
  if (role === "auditor") return ["auditor"];
  return [];
}

/** True when the principal may do what `needed` allows. */
export function allows(principal: Principal, needed: Scope): boolean {
  return hasScope(principal.scopes, needed);
}
