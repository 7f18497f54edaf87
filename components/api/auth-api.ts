/**
 * Browser side of the access-control contract: who am I, sign-in and
 * sign-out, API keys, sessions and the audit log. Every call goes through
 * {@link apiFetch}; the shapes come from `lib/auth.ts` except the sign-in
 * answers, which are defined here (the server declares them inline).
 */
import type {
  ApiKey,
  AuditListResponse,
  AuditVerification,
  CreatedApiKey,
  NewApiKeyRequest,
  Scope,
  Session,
} from "@/lib/auth";
import { apiFetch } from "./api-client";

/** The signed-in caller as the dashboard sees it. */
export interface MePrincipal {
  keyId: string;
  name: string;
  scopes: Scope[];
}

/** What `GET /api/v1/auth/me` adds to the principal: how it signed in, and its teams. */
export interface MeDetails {
  /** An API key, a dashboard session (key or single sign-on), or an OAuth 2.0 access token. */
  via: "key" | "session" | "token";
  /** The single sign-on user; null for API keys and key sessions. */
  user: { id: string; name: string; role: string } | null;
  /** The teams whose data alone the caller sees; null when not scoped. */
  teams: string[] | null;
}

/** `GET /api/v1/auth/me`: whether auth is on, and who (if anyone) this browser is signed in as. */
export interface MeResponse {
  auth: "on" | "off";
  authenticated: boolean;
  principal: (MePrincipal & Partial<MeDetails>) | null;
  /** When the session ends (ISO 8601); null for API keys and anonymous callers. */
  expiresAt: string | null;
}

/** `POST /api/v1/auth/session` success answer. */
export interface SignInResponse {
  principal: MePrincipal;
  expiresAt: string;
}

/** Lists of keys and sessions (`GET /api/v1/keys`, `GET /api/v1/sessions`). */
export interface ItemsResponse<T> {
  items: T[];
}

/** The filters of an audit request, as the API takes them (ISO instants, not the page's dates). */
export interface AuditApiFilters {
  action?: string;
  actor?: string;
  since?: string;
  until?: string;
}

/** True when the principal holds `scope` (`admin` implies `read`). */
export function hasScope(principal: MePrincipal | null | undefined, scope: Scope): boolean {
  if (!principal) return false;
  return principal.scopes.includes(scope) || (scope === "read" && principal.scopes.includes("admin"));
}

/** `GET /api/v1/auth/me` (public; never redirects). */
export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiFetch<MeResponse>("/api/v1/auth/me", { signal, allowUnauthenticated: true });
}

/** Exchanges an API key for a session cookie. A 401 here means a wrong key, so it is left to the form. */
export function signIn(key: string): Promise<SignInResponse> {
  return apiFetch<SignInResponse>("/api/v1/auth/session", {
    method: "POST",
    body: { key },
    allowUnauthenticated: true,
  });
}

/** Ends this browser's session and clears the cookie. */
export function signOut(): Promise<void> {
  return apiFetch<void>("/api/v1/auth/session", { method: "DELETE", allowUnauthenticated: true });
}

/** `GET /api/v1/keys` (admin). */
export function fetchApiKeys(signal?: AbortSignal): Promise<ItemsResponse<ApiKey>> {
  return apiFetch<ItemsResponse<ApiKey>>("/api/v1/keys", { signal });
}

/** `POST /api/v1/keys` (admin). The answer holds the secret: show it once, keep it nowhere. */
export function createApiKey(request: NewApiKeyRequest): Promise<CreatedApiKey> {
  return apiFetch<CreatedApiKey>("/api/v1/keys", { method: "POST", body: request });
}

/** `DELETE /api/v1/keys/:id` (admin). */
export function revokeApiKey(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** `GET /api/v1/sessions` (admin). */
export function fetchSessions(signal?: AbortSignal): Promise<ItemsResponse<Session>> {
  return apiFetch<ItemsResponse<Session>>("/api/v1/sessions", { signal });
}

/** `DELETE /api/v1/sessions/:id` (admin). */
export function revokeSession(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Query string of an audit request, omitting empty filters. */
export function auditSearchParams(filters: AuditApiFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of ["action", "actor", "since", "until"] as const) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  return search;
}

/** `GET /api/v1/audit` (admin), newest first. */
export function fetchAudit(
  filters: AuditApiFilters,
  limit: number,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<AuditListResponse> {
  const search = auditSearchParams(filters);
  search.set("limit", String(limit));
  if (cursor) search.set("cursor", cursor);
  return apiFetch<AuditListResponse>(`/api/v1/audit?${search.toString()}`, { signal });
}

/** `GET /api/v1/audit/verify` (admin): walks the whole hash chain. */
export function verifyAudit(signal?: AbortSignal): Promise<AuditVerification> {
  return apiFetch<AuditVerification>("/api/v1/audit/verify", { signal });
}

/** URL of an audit export in `format`, selecting what `filters` select. */
export function auditExportHref(filters: AuditApiFilters, format: "jsonl" | "csv"): string {
  const search = auditSearchParams(filters);
  search.set("format", format);
  return `/api/v1/audit/export?${search.toString()}`;
}
