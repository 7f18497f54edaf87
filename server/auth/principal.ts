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
  keyId: string;
  name: string;
  scopes: Scope[];
  /** How the caller authenticated. */
  via: "key" | "session";
  /** The session, when `via` is `session`. */
  sessionId: string | null;
  /** When the session ends (ISO 8601), when `via` is `session`. */
  expiresAt: string | null;
  /** The signed-in user's group claim values; [] for API keys. */
  groups: string[];
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
  | { kind: "invalid"; via: "key" | "session" }
  | { kind: "ok"; principal: Principal; firstUse: boolean };

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

/** Resolves credentials against the store. A bearer key wins over a session cookie. */
export async function resolvePrincipal(
  store: AuthStore,
  credentials: Credentials,
  now: number,
): Promise<Resolution> {
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
        sessionId: null,
        expiresAt: null,
        groups: [],
        // A key's teams are explicit: no group, so the team list is not needed.
        teams: teamsFor({ scopes: key.scopes, groups: [], keyTeams: key.teams }, []),
      },
    };
  }
  if (credentials.sessionToken) {
    const found = await store.findSession(credentials.sessionToken, now);
    if (!found) return { kind: "invalid", via: "session" };
    return {
      kind: "ok",
      firstUse: false,
      principal: {
        keyId: found.key.id,
        name: found.key.name,
        scopes: found.key.scopes,
        via: "session",
        sessionId: found.session.id,
        expiresAt: found.session.expiresAt,
        groups: [],
        teams: teamsFor({ scopes: found.key.scopes, groups: [], keyTeams: found.key.teams }, []),
      },
    };
  }
  return { kind: "none" };
}

/** True when the principal may do what `needed` allows. */
export function allows(principal: Principal, needed: Scope): boolean {
  return hasScope(principal.scopes, needed);
}
