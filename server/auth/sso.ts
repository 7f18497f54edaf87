/**
 * Single sign-on, started once per server: the relying party (discovery,
 * refreshed) and the access-token check, or nothing when
 * `RUNWATCH_OIDC_ISSUER` is unset. `app.ts` wires it with a few lines.
 */
import type { OidcSettings } from "../settings-types";
import type { UserStore } from "../store/store";
import { createAccessTokenCheck } from "./access-tokens";
import type { AuditRecorder } from "./audit";
import { startOidcClient, type OidcClient } from "./oidc-client";
import type { AccessTokenCheck } from "./principal";

/** Single sign-on for one server; every part is absent when it is not configured. */
export interface Sso {
  oidc: OidcSettings | null;
  client: OidcClient | null;
  /** Checks OAuth 2.0 access tokens; undefined without an issuer or `RUNWATCH_OIDC_AUDIENCE`. */
  accessTokens: AccessTokenCheck | undefined;
  stop(): void;
}

/**
 * Discovers the provider: first thing at start-up, so a provider that cannot be used stops the
 * server before anything is opened. Null when single sign-on is off.
 * @throws OidcConfigError naming RUNWATCH_OIDC_ISSUER and what discovery returned.
 */
export async function discoverSso(
  oidc: OidcSettings | null,
  onRefreshError: (error: unknown) => void,
): Promise<OidcClient | null> {
  return oidc ? startOidcClient(oidc, onRefreshError) : null;
}

/** Single sign-on over a discovered provider (`client` null when off). */
export function startSso(
  oidc: OidcSettings | null,
  client: OidcClient | null,
  deps: { store: Pick<UserStore, "upsertUser">; audit: AuditRecorder },
): Sso {
  if (!oidc || !client) return { oidc: null, client: null, accessTokens: undefined, stop: () => {} };
  const audience = oidc.audience;
  const accessTokens =
    audience === null
      ? undefined
      : createAccessTokenCheck({
          oidc: { ...oidc, audience },
          jwksUri: client.jwksUri(),
          store: deps.store,
          audit: deps.audit,
        });
  return { oidc, client, accessTokens, stop: () => client.stop() };
}
