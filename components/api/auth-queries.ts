/**
 * Every access-control query the dashboard makes, and its cache key, in one
 * place. `useMe()` is the one source of "who is signed in" for the shell, the
 * navigation and the admin pages.
 */
import { infiniteQueryOptions, queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { isFinalError } from "./api-client";
import {
  fetchApiKeys,
  fetchAudit,
  fetchMe,
  fetchSessions,
  hasScope,
  type AuditApiFilters,
  type MeResponse,
} from "./auth-api";

/** Query keys. `["auth", "me"]` is part of the contract with the tests. */
export const authKeys = {
  me: ["auth", "me"] as const,
  keys: ["admin", "keys"] as const,
  sessions: ["admin", "sessions"] as const,
  audit: ["audit"] as const,
  auditPages: (filters: AuditApiFilters) => ["audit", "pages", filters] as const,
};

/** Page size of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** Who this browser is signed in as, and whether auth is on. */
export const meQuery = () =>
  queryOptions({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    refetchOnWindowFocus: true,
  });

/** Every API key, active and revoked (admin). */
export const apiKeysQuery = () =>
  queryOptions({
    queryKey: authKeys.keys,
    queryFn: ({ signal }) => fetchApiKeys(signal),
    select: (data) => data.items,
    retry: (failures, error) => !isFinalError(error) && failures < 2,
  });

/** Every dashboard session (admin). */
export const sessionsQuery = () =>
  queryOptions({
    queryKey: authKeys.sessions,
    queryFn: ({ signal }) => fetchSessions(signal),
    select: (data) => data.items,
    retry: (failures, error) => !isFinalError(error) && failures < 2,
  });

/** The cursor-paginated audit log for the given filters (admin). */
export const auditLogQuery = (filters: AuditApiFilters) =>
  infiniteQueryOptions({
    queryKey: authKeys.auditPages(filters),
    queryFn: ({ pageParam, signal }) => fetchAudit(filters, AUDIT_PAGE_SIZE, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The log only grows while someone reads it; a fresh look on return is cheap.
    staleTime: 0,
    retry: (failures, error) => !isFinalError(error) && failures < 2,
  });

/** What {@link useMe} returns besides the query itself. */
export interface MeState {
  query: UseQueryResult<MeResponse>;
  /** The answer, once loaded. */
  me: MeResponse | undefined;
  /** True when the signed-in principal holds the admin scope. */
  isAdmin: boolean;
  /** True when the signed-in principal holds the auditor scope (evidence and audit log only). */
  isAuditor: boolean;
}

/** `GET /api/v1/auth/me`, cached under `["auth", "me"]`, with the admin check most callers want. */
export function useMe(): MeState {
  const query = useQuery(meQuery());
  const me = query.data;
  return {
    query,
    me,
    isAdmin: hasScope(me?.principal, "admin"),
    isAuditor: hasScope(me?.principal, "auditor"),
  };
}
