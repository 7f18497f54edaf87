/**
 * The relying party: discovery of the provider (once at start-up, where a
 * failure stops the server naming the variable and what the provider
 * answered; then refreshed hourly, keeping the last good document on
 * failure), and the steps of the authorization-code flow with PKCE, state and
 * nonce, delegated to `openid-client` 6.
 */
import * as client from "openid-client";
import type { OidcSettings } from "../settings-types";

/** How often discovery is re-read (keys rotate through `jwks_uri`, which `openid-client` re-fetches itself). */
const REFRESH_MS = 60 * 60_000;

/** What the sign-in routes need of the provider. */
export interface OidcClient {
  /** The current discovery-based configuration. */
  config(): client.Configuration;
  /** The provider's JWKS URL. */
  jwksUri(): URL;
  /** Stops the refresh timer. */
  stop(): void;
}

/** Thrown at start-up when the provider cannot be used; the message names the setting. */
export class OidcConfigError extends Error {
  override name = "OidcConfigError";
}

async function discover(oidc: OidcSettings): Promise<client.Configuration> {
  const config = await client.discovery(
    new URL(oidc.issuer),
    oidc.clientId,
    {
      ...(oidc.clientSecret ? { client_secret: oidc.clientSecret } : {}),
      [client.clockTolerance]: oidc.clockToleranceSeconds,
    },
    oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
    { execute: oidc.allowHttp ? [client.allowInsecureRequests] : [], timeout: 10 },
  );
  if (!config.serverMetadata().jwks_uri) throw new Error("the discovery document has no jwks_uri");
  // ID tokens from the token endpoint are checked against the provider's keys too, not only trusted
  // for arriving over the back channel: a doctored token is refused whatever the transport.
  client.enableNonRepudiationChecks(config);
  return config;
}

/**
 * Discovers the provider.
 * @throws OidcConfigError naming RUNWATCH_OIDC_ISSUER and what discovery returned.
 */
export async function startOidcClient(
  oidc: OidcSettings,
  onRefreshError: (error: unknown) => void,
): Promise<OidcClient> {
  let current: client.Configuration;
  try {
    current = await discover(oidc);
  } catch (error) {
    const cause = error instanceof Error ? `${error.message}${causeText(error.cause)}` : String(error);
    throw new OidcConfigError(
      `RUNWATCH_OIDC_ISSUER: discovery of ${oidc.issuer}/.well-known/openid-configuration failed: ${cause}`,
    );
  }
  const timer = setInterval(() => {
    discover(oidc).then((config) => (current = config), onRefreshError);
  }, REFRESH_MS);
  timer.unref();
  return {
    config: () => current,
    jwksUri: () => new URL(String(current.serverMetadata().jwks_uri)),
    stop: () => clearInterval(timer),
  };
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return ` (${cause.message})`;
  if (cause instanceof Response) return ` (HTTP ${cause.status})`;
  return "";
}
