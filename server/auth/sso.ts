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
 * Starts single sign-on.
 * @throws OidcConfigError when the provider cannot be discovered (start-up must stop).
 */
export async function startSso(
  oidc: OidcSettings | null,
  deps: { store: Pick<UserStore, "upsertUser">; audit: AuditRecorder; onError: (error: unknown) => void },
): Promise<Sso> {
  if (!oidc) return { oidc: null, client: null, accessTokens: undefined, stop: () => {} };
  const client = await startOidcClient(oidc, deps.onError);
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
