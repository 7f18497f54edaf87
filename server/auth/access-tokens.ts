/**
 * OAuth 2.0 access tokens for machines: a JWT issued by the single sign-on
 * provider (client-credentials grant, say), sent as `Authorization: Bearer`
 * or a socket's `auth.token`. Checked with `jose` against the provider's
 * JWKS (signature, issuer, audience `RUNWATCH_OIDC_AUDIENCE`, expiry within
 * the clock tolerance); its scopes (`runwatch:read`…) or, failing those, the
 * role rules over its claims give the Runwatch scopes. Audited like API keys:
 * the first use of each token subject, and refusals.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { SCOPES, type Scope } from "../../lib/auth";
import { claimValues, resolveRole } from "../domain/role-rules";
import type { OidcSettings } from "../settings-types";
import type { UserStore } from "../store/store";
import type { AuditRecorder } from "./audit";
import { roleScopes, type AccessTokenCheck, type Resolution } from "./principal";

/** Dependencies of the access-token check. */
export interface AccessTokenDeps {
  oidc: OidcSettings & { audience: string };
  /** The provider's `jwks_uri` (from discovery). */
  jwksUri: URL;
  store: Pick<UserStore, "upsertUser">;
  audit: AuditRecorder;
}

// Asymmetric only: a provider's public keys cannot verify an HMAC token, and `none` is never accepted.
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
/** How often a subject's `last_seen_at` is written (and how long a subject's user id is remembered), ms. */
const TOUCH_EVERY_MS = 60_000;
/** Subjects remembered at most; the map is cleared when full (each then costs one more write). */
const MAX_SUBJECTS = 10_000;

/** Scopes carried in the token: `scope` (space-separated) or `scp` (array, as Entra ID and Okta send). */
function tokenScopes(payload: JWTPayload): Scope[] {
  const granted = [...claimValues(payload.scope).flatMap((s) => s.split(" ")), ...claimValues(payload.scp)];
  return SCOPES.filter((scope) => granted.includes(`runwatch:${scope}`));
}

/** Why jose refused a token, in a word for the audit log. */
function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim_${error.claim}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown_key";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm";
  return "malformed";
}

/** Builds the check `resolvePrincipal` calls for a bearer credential shaped like a JWT. */
export function createAccessTokenCheck(deps: AccessTokenDeps): AccessTokenCheck {
  const { oidc, audit } = deps;
  // Cached; fetched again when a token names a key id it has not seen (a rotation), at most every 30 s.
  const jwks = createRemoteJWKSet(deps.jwksUri, { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  const seen = new Map<string, { id: string; touchedAt: number }>();

  const refuse = async (reason: string, subject: string | null): Promise<Resolution> => {
    await audit.recordThrottled(`token:${reason}:${subject ?? ""}`, {
      actor: "anonymous",
      action: "auth.signin.failure",
      details: { via: "token", reason, ...(subject ? { subject } : {}) },
    });
    return { kind: "invalid", via: "token" };
  };

  return async (jwt, now) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, jwks, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: ALGORITHMS,
        clockTolerance: oidc.clockToleranceSeconds,
        currentDate: new Date(now),
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      return refuse(refusalReason(error), null);
    }
    const subject = String(payload.sub);
    const groups = claimValues(payload[oidc.roleClaim]);
    let scopes = tokenScopes(payload);
    if (scopes.length === 0) scopes = roleScopes(resolveRole(oidc.roleRules, groups, oidc.defaultRole).role);
    if (scopes.length === 0) return refuse("no_scope", subject);

    let firstUse = false;
    let known = seen.get(subject);
    if (!known || now - known.touchedAt >= TOUCH_EVERY_MS) {
      const name = claimValues(payload.client_id)[0] ?? claimValues(payload.azp)[0] ?? subject;
      const { user, created } = await deps.store.upsertUser(
        { issuer: oidc.issuer, subject, kind: "client", name, email: null, groups, role: scopes.join(" ") },
        now,
      );
      firstUse = created;
      if (seen.size >= MAX_SUBJECTS) seen.clear();
      known = { id: user.id, touchedAt: now };
      seen.set(subject, known);
    }
    return {
      kind: "ok",
      firstUse,
      principal: {
        keyId: known.id,
        name: claimValues(payload.client_id)[0] ?? subject,
        scopes,
        via: "token",
        groups,
        userId: known.id,
        sessionId: null,
        expiresAt: new Date(Number(payload.exp) * 1000).toISOString(),
        // Derived from the groups by `resolvePrincipal`, as for a signed-in user.
        teams: null,
      },
    };
  };
}
