/**
 * Browser side of single sign-on: what the login page offers, the provider's
 * logout, and the admin's user list. The shapes are `lib/sso.ts`.
 */
import { queryOptions } from "@tanstack/react-query";
import { apiFetch, isFinalError } from "./api-client";
import type { SignInProviders, UsersResponse } from "@/lib/sso";

export type { SignInProviders, SsoConfig, SsoUser, UsersResponse } from "@/lib/sso";

/** Query keys. */
export const ssoKeys = { providers: ["auth", "providers"] as const, users: ["admin", "users"] as const };

/** What the login page offers. */
export const providersQuery = () =>
  queryOptions({
    queryKey: ssoKeys.providers,
    queryFn: ({ signal }) =>
      apiFetch<SignInProviders>("/api/v1/auth/providers", { signal, allowUnauthenticated: true }),
    staleTime: 5 * 60_000,
  });

/** Users and the role rules (admin). */
export const usersQuery = () =>
  queryOptions({
    queryKey: ssoKeys.users,
    queryFn: ({ signal }) => apiFetch<UsersResponse>("/api/v1/users", { signal }),
    retry: (failures, error) => !isFinalError(error) && failures < 2,
  });

/** Ends every session of a user (admin). */
export function revokeUserSessions(id: string): Promise<{ revoked: number }> {
  return apiFetch<{ revoked: number }>(`/api/v1/users/${encodeURIComponent(id)}/sessions`, {
    method: "DELETE",
  });
}

/** The login page's link to start single sign-on, coming back to `next`. */
export function ssoStartHref(start: string, next: string): string {
  return `${start}?returnTo=${encodeURIComponent(next)}`;
}

/**
 * Signs out (any session) and returns where the browser should go: the provider's logout
 * (RP-initiated) when the session came from single sign-on and the provider offers one, else null.
 */
export async function signOutEverywhere(): Promise<string | null> {
  const answer = await apiFetch<{ signedOut: boolean; redirect: string | null }>("/api/v1/auth/oidc/logout", {
    method: "POST",
    allowUnauthenticated: true,
  });
  return answer.redirect;
}

/** The login page's message for `?sso=` (a refused single sign-on), or null. */
export function ssoRefusalMessage(reason: string | null): string | null {
  if (reason === "denied")
    return "You signed in at your identity provider, but none of your groups gives access to Runwatch. Ask a Runwatch admin to add your group to the role rules.";
  if (reason === "failed")
    return "Single sign-on did not complete. Try again; if it keeps failing, ask a Runwatch admin.";
  return null;
}
