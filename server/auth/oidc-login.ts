/**
 * The sign-in steps between the routes and the provider: starting a login
 * (a pending row with state, nonce and PKCE verifier, consumed once), and
 * finishing it (code exchange, ID token checks, the role from claims). The
 * routes only map the outcome to a redirect and a cookie.
 */
import * as client from "openid-client";
import { claimValues, resolveRole, type RoleDecision } from "../domain/role-rules";
import type { OidcSettings } from "../settings-types";
import type { UserStore } from "../store/store";
import type { OidcClient } from "./oidc-client";

/** How long a started sign-in may take at the provider, ms. */
export const LOGIN_TTL_MS = 10 * 60_000;

/** The path to go back to after sign-in: a same-origin path, else `/`. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || value.length > 1000) return "/";
  // `//host` and `/\host` are other origins to a browser; control characters never belong in a path.
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return "/";
  return value;
}

/** Starts a sign-in: stores the pending login and returns the provider's authorization URL. */
export async function beginLogin(
  oidc: OidcSettings,
  rp: OidcClient,
  store: Pick<UserStore, "savePendingLogin">,
  returnTo: string,
  now: number,
): Promise<URL> {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await store.savePendingLogin(
    { state, nonce, code_verifier: verifier, return_to: returnTo, expires_at: now + LOGIN_TTL_MS },
    now,
  );
  return client.buildAuthorizationUrl(rp.config(), {
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
}

/** How a callback ended. `reason` is a word for the audit log, never shown to the user. */
export type LoginOutcome =
  | {
      ok: false;
      reason: string;
      subject?: string;
      /** Who was refused for having no role (`no_role`): recorded so an admin can see them. */
      refused?: { name: string; email: string | null; groups: string[]; decision: RoleDecision };
    }
  | {
      ok: true;
      returnTo: string;
      idToken: string | null;
      subject: string;
      name: string;
      email: string | null;
      groups: string[];
      decision: RoleDecision;
    };

/** Finishes a sign-in from the callback's query string. Never throws for a bad callback. */
export async function finishLogin(
  oidc: OidcSettings,
  rp: OidcClient,
  store: Pick<UserStore, "takePendingLogin">,
  query: string,
  now: number,
): Promise<LoginOutcome> {
  const params = new URLSearchParams(query);
  const state = params.get("state");
  // Taken first, whatever follows: a state is good for one attempt only.
  const pending = state ? await store.takePendingLogin(state, now) : null;
  if (params.get("error")) return { ok: false, reason: `provider_${params.get("error")}` };
  if (!pending) return { ok: false, reason: state ? "unknown_state" : "missing_state" };
  const config = rp.config();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(
      config,
      new URL(`${oidc.redirectUri}?${params.toString()}`),
      {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      },
    );
  } catch (error) {
    return { ok: false, reason: exchangeReason(error) };
  }
  const idClaims = tokens.claims();
  if (!idClaims) return { ok: false, reason: "no_id_token" };
  let claims: Record<string, unknown> = { ...idClaims };
  // Many providers put profile and group claims in userinfo rather than the ID token.
  if (claims[oidc.roleClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims };
    } catch {
      return { ok: false, reason: "userinfo", subject: idClaims.sub };
    }
  }
  const groups = claimValues(claims[oidc.roleClaim]);
  const decision = resolveRole(oidc.roleRules, groups, oidc.defaultRole);
  const email = claimValues(claims.email)[0] ?? null;
  const name =
    claimValues(claims.name)[0] ?? claimValues(claims.preferred_username)[0] ?? email ?? idClaims.sub;
  if (decision.role === "deny")
    return {
      ok: false,
      reason: "no_role",
      subject: idClaims.sub,
      refused: { name, email, groups, decision },
    };
  return {
    ok: true,
    returnTo: pending.return_to,
    idToken: tokens.id_token ?? null,
    subject: idClaims.sub,
    name,
    email,
    groups,
    decision,
  };
}

/** The check that failed, from openid-client's error chain: `claim_<name>`, `signature`, or its code. */
function exchangeReason(error: unknown): string {
  let code: string | null = null;
  // openid-client wraps oauth4webapi's error, whose cause names the claim that failed.
  for (let link: unknown = error, depth = 0; link && typeof link === "object" && depth < 4; depth += 1) {
    const { claim, code: linkCode, message } = link as { claim?: unknown; code?: unknown; message?: unknown };
    if (typeof claim === "string") return `claim_${claim}`;
    if (typeof message === "string" && /signature/i.test(message)) return "signature";
    if (code === null && typeof linkCode === "string") code = linkCode.toLowerCase();
    link = (link as { cause?: unknown }).cause;
  }
  return code ?? "exchange";
}

/** The provider's logout URL for this ID token, or null when it offers no `end_session_endpoint`. */
export function endSessionUrl(
  rp: OidcClient,
  idToken: string | null,
  postLogoutRedirect: string,
): string | null {
  const config = rp.config();
  if (!config.serverMetadata().end_session_endpoint) return null;
  return client
    .buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirect,
      ...(idToken ? { id_token_hint: idToken } : {}),
    })
    .toString();
}
