/**
 * A real OpenID Connect provider for tests: `oidc-provider` 9 in-process on a
 * spare port, with its development login and consent forms, four accounts
 * carrying `groups` claims, a confidential web client for the authorization
 * code flow with PKCE, and a machine client for the client-credentials grant
 * issuing JWT access tokens for any resource (the audience). Tests can make
 * the token endpoint hand back a doctored ID token (`idTokenHook`) and can sign
 * tokens with the provider's own key (`sign`).
 */
import http from "node:http";
import net from "node:net";
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWTPayload } from "jose";
import Provider from "oidc-provider";

/** The accounts (login name = subject) and their groups. Any password is accepted. */
export const ACCOUNTS = {
  alice: { name: "Alice Admin", email: "alice@example.com", groups: ["platform-admins", "developers"] },
  bob: { name: "Bob Builder", email: "bob@example.com", groups: ["developers"] },
  carol: { name: "Carol Checker", email: "carol@example.com", groups: ["auditors"] },
  mallory: { name: "Mallory Contractor", email: "mallory@example.com", groups: ["contractors"] },
} as const;

/** The web client (authorization code + PKCE). */
export const WEB_CLIENT = { id: "runwatch-web", secret: "runwatch-web-secret-0123456789abcdef" } as const;
/** The machine client (client credentials). */
export const MACHINE_CLIENT = { id: "ci-bot", secret: "ci-bot-secret-0123456789abcdefghij" } as const;
/** The audience Runwatch's access tokens are issued for. */
export const AUDIENCE = "https://runwatch.test/api";

/** A running provider. */
export interface TestProvider {
  issuer: string;
  /** When set, each ID token the token endpoint returns is replaced by what this returns. */
  idTokenHook: ((idToken: string) => Promise<string>) | null;
  /** Signs a JWT with the provider's signing key (same `kid`), as the provider would. */
  sign(payload: JWTPayload, typ?: string): Promise<string>;
  /** A client-credentials access token from the token endpoint. */
  clientCredentials(options?: { resource?: string; scope?: string }): Promise<string>;
  close(): Promise<void>;
}

/** A port nothing listens on (for a server whose URL must be known before it starts). */
export async function sparePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

/** Starts the provider; `publicUrl` is Runwatch's, which the web client's redirect URIs derive from. */
export async function startTestProvider(publicUrl: string): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const server = http.createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  const issuer = `http://127.0.0.1:${address.port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: WEB_CLIENT.id,
        client_secret: WEB_CLIENT.secret,
        redirect_uris: [`${publicUrl}/api/v1/auth/oidc/callback`],
        post_logout_redirect_uris: [`${publicUrl}/login`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
      {
        client_id: MACHINE_CLIENT.id,
        client_secret: MACHINE_CLIENT.secret,
        redirect_uris: [],
        response_types: [],
        grant_types: ["client_credentials"],
        scope: "runwatch:read runwatch:admin",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["test-cookie-key-0123456789"] },
    scopes: ["openid", "offline_access", "runwatch:read", "runwatch:admin"],
    claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
    findAccount: (_ctx: unknown, id: string) => {
      const account = ACCOUNTS[id as keyof typeof ACCOUNTS];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account, groups: [...account.groups] }) };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          scope: "runwatch:read runwatch:admin",
          audience: resource,
          accessTokenTTL: 300,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
  });
  const hooks: { idTokenHook: TestProvider["idTokenHook"] } = { idTokenHook: null };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | null;
    if (ctx.path === "/token" && hooks.idTokenHook && body && typeof body.id_token === "string")
      ctx.body = { ...body, id_token: await hooks.idTokenHook(body.id_token) };
  });
  handler = provider.callback();

  return {
    issuer,
    get idTokenHook() {
      return hooks.idTokenHook;
    },
    set idTokenHook(hook) {
      hooks.idTokenHook = hook;
    },
    async sign(payload, typ = "JWT") {
      return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ }).sign(privateKey);
    },
    async clientCredentials({ resource = AUDIENCE, scope = "runwatch:read" } = {}) {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${MACHINE_CLIENT.id}:${MACHINE_CLIENT.secret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "client_credentials", resource, scope }),
      });
      const body = (await response.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`client credentials refused: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The claims of a JWT, unchecked (to build doctored variants of a real one). */
export const claimsOf = decodeJwt;
