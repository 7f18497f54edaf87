/**
 * The single sign-on contract shared by the server and the browser: what the
 * login page offers, the users the identity provider vouched for, and the
 * role rules as admins see them (documented in docs/api.md and OpenAPI).
 * Times are ISO 8601.
 */

/** `GET /api/v1/auth/providers`. */
export interface SignInProviders {
  sso: { name: string; start: string } | null;
  keySignin: boolean;
}

/** One user the identity provider vouched for (`GET /api/v1/users`). */
export interface SsoUser {
  id: string;
  issuer: string;
  subject: string;
  kind: "person" | "client";
  name: string;
  email: string | null;
  groups: string[];
  role: string;
  createdAt: string;
  lastSeenAt: string;
  /** Sessions open now (people only). */
  activeSessions: number;
}

/** The single sign-on configuration as admins see it (read-only: it changes through settings). */
export interface SsoConfig {
  name: string;
  issuer: string;
  roleClaim: string;
  rules: { value: string; role: string }[];
  defaultRole: string;
  audience: string | null;
  keySignin: boolean;
}

/** `GET /api/v1/users`. */
export interface UsersResponse {
  items: SsoUser[];
  sso: SsoConfig | null;
}
