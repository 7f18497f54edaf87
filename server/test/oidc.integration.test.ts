/**
 * Single sign-on against a real provider (`oidc-provider` in process) over
 * real HTTP: the authorization-code flow driven through the provider's own
 * forms, roles from group rules (including deny), refused callbacks (replayed
 * state, tampered / wrong-audience / wrong-nonce ID tokens), client-credentials
 * access tokens over REST and Socket.IO, the user list, and logout.
 */
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app";
import { loadSettings } from "../settings";
import { ADMIN_TOKEN, adminHeaders, startTestServer, type TestServer } from "./helpers";
import { deliverCallback, loginAtProvider } from "./oidc-flow";
import {
  AUDIENCE,
  claimsOf,
  sparePort,
  startTestProvider,
  WEB_CLIENT,
  type TestProvider,
} from "./oidc-provider";

let provider: TestProvider;
let server: TestServer;
beforeAll(async () => {
  const port = await sparePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(publicUrl);
  server = await startTestServer({
    env: {
      PORT: String(port),
      RUNWATCH_PUBLIC_URL: publicUrl,
      RUNWATCH_OIDC_ISSUER: provider.issuer,
      RUNWATCH_OIDC_CLIENT_ID: WEB_CLIENT.id,
      RUNWATCH_OIDC_CLIENT_SECRET: WEB_CLIENT.secret,
      RUNWATCH_OIDC_SCOPES: "openid profile email groups",
      RUNWATCH_OIDC_ALLOW_HTTP: "on",
      RUNWATCH_OIDC_AUDIENCE: AUDIENCE,
      RUNWATCH_OIDC_NAME: "Test IdP",
      RUNWATCH_OIDC_ROLES: "platform-admins=admin,auditors=auditor,developers=read",
      // Every test signs in several times from one address.
      RUNWATCH_RATE_LIMIT_SIGNIN: "10000",
    },
  });
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});

/** Signs in as `login` through the provider; the callback's answer. */
async function signIn(login: string, returnTo?: string) {
  return deliverCallback(await loginAtProvider(server.url, login, returnTo));
}

async function me(cookie: string) {
  const response = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } });
  return (await response.json()) as {
    authenticated: boolean;
    principal: { name: string; scopes: string[]; via: string; user: unknown; teams: unknown } | null;
  };
}

const status = async (path: string, headers: Record<string, string>) => {
  const response = await fetch(`${server.url}${path}`, { headers });
  await response.arrayBuffer();
  return response.status;
};

/** The newest audit entries of an action. */
async function audited(action: string) {
  const response = await fetch(`${server.url}/api/v1/audit?action=${action}&limit=200`, {
    headers: adminHeaders,
  });
  const body = (await response.json()) as { items: { actor: string; details: Record<string, unknown> }[] };
  return body.items;
}

/** An ID-token hook re-signing the provider's token with some claims changed (signed with the provider's key). */
const resigned = (patch: Record<string, unknown>) => async (idToken: string) =>
  provider.sign({ ...claimsOf(idToken), ...patch });

describe("sign-in with the provider", () => {
  it("signs an admin in through the provider's login and consent forms and goes back where they were going", async () => {
    const answer = await signIn("alice", "/jobs?status=failure");
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/jobs?status=failure");
    expect(answer.cookie).toMatch(/^runwatch_session=rws_/);
    const who = await me(answer.cookie);
    expect(who.authenticated).toBe(true);
    expect(who.principal?.name).toBe("alice@example.com");
    expect(who.principal?.scopes).toEqual(["admin"]);
    // How they signed in, for the user menu: a single sign-on session, the user and role, no teams (admin).
    expect(who.principal).toMatchObject({
      via: "session",
      user: { name: "alice@example.com", role: "admin" },
      teams: null,
    });
    expect(await status("/api/v1/keys", { cookie: answer.cookie })).toBe(200);
    // The access review lists single sign-on sessions beside key sessions.
    const review = (await (
      await fetch(`${server.url}/api/v1/evidence/access-review`, { headers: adminHeaders })
    ).json()) as { userSessions: { userName: string; role: string }[] };
    expect(review.userSessions).toContainEqual(
      expect.objectContaining({ userName: "alice@example.com", role: "admin" }),
    );
    const success = (await audited("auth.signin.success")).find((e) => e.details.subject === "alice");
    expect(success?.details).toMatchObject({ via: "oidc", role: "admin", rule: "platform-admins=admin" });
  });

  it("maps groups to roles in rule order: developers read, auditors audit", async () => {
    const bob = await signIn("bob");
    expect((await me(bob.cookie)).principal?.scopes).toEqual(["read"]);
    expect(await status("/api/v1/jobs", { cookie: bob.cookie })).toBe(200);
    expect(await status("/api/v1/keys", { cookie: bob.cookie })).toBe(403);
    const carol = await signIn("carol");
    expect((await me(carol.cookie)).principal?.scopes).toEqual(["auditor"]);
    expect(await status("/api/v1/audit", { cookie: carol.cookie })).toBe(200);
    expect(await status("/api/v1/jobs", { cookie: carol.cookie })).toBe(403);
  });

  it("ends a signed-in user's socket when a team changes, and the reconnection has the team's scope", async () => {
    const bob = await signIn("bob");
    const socket = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      extraHeaders: { cookie: bob.cookie },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const ended = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      const team = { name: "builders", repos: ["acme/build-*"], groups: ["developers"] };
      const created = await fetch(`${server.url}/api/v1/teams`, {
        method: "POST",
        headers: { ...adminHeaders, "content-type": "application/json" },
        body: JSON.stringify(team),
      });
      expect(created.status).toBe(201);
      expect(await ended).toBe("io server disconnect");
      const who = (await me(bob.cookie)).principal;
      expect(who).toMatchObject({ via: "session", user: { role: "read" }, teams: ["builders"] });
    } finally {
      socket.disconnect();
      await fetch(`${server.url}/api/v1/teams/builders`, { method: "DELETE", headers: adminHeaders });
    }
  });

  it("refuses a user no rule gives a role (strict default) and audits why", async () => {
    const answer = await signIn("mallory");
    expect(answer).toEqual({ status: 302, location: "/login?sso=denied", cookie: "" });
    const refusal = (await audited("auth.signin.failure")).find((e) => e.details.subject === "mallory");
    expect(refusal?.details).toMatchObject({ via: "oidc", reason: "no_role", role: "deny", rule: "default" });
  });

  it("refuses a replayed state: a callback is good once", async () => {
    const callback = await loginAtProvider(server.url, "bob");
    expect((await deliverCallback(callback)).location).toBe("/jobs");
    expect(await deliverCallback(callback)).toEqual({
      status: 302,
      location: "/login?sso=failed",
      cookie: "",
    });
    expect((await audited("auth.signin.failure"))[0]?.details).toMatchObject({ reason: "unknown_state" });
  });

  it("refuses a callback with no state, and goes back only to same-origin paths", async () => {
    expect((await deliverCallback(`${server.url}/api/v1/auth/oidc/callback?code=abc`)).location).toBe(
      "/login?sso=failed",
    );
    expect((await signIn("bob", "//evil.example/steal")).location).toBe("/");
    expect((await signIn("bob", "https://evil.example/")).location).toBe("/");
  });

  const doctored: [string, (idToken: string) => Promise<string>, RegExp][] = [
    // A claim changed without re-signing: the signature no longer matches.
    [
      "tampered",
      async (idToken) => {
        const [header, , signature] = idToken.split(".");
        const payload = Buffer.from(JSON.stringify({ ...claimsOf(idToken), sub: "alice" })).toString(
          "base64url",
        );
        return `${header}.${payload}.${signature}`;
      },
      /^signature$/,
    ],
    ["for another audience", resigned({ aud: "someone-else" }), /^claim_aud$/],
    ["with another nonce", resigned({ nonce: "not-the-one-we-sent" }), /^claim_nonce$/],
    [
      "expired",
      resigned({ exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }),
      /exp|iat/,
    ],
  ];
  for (const [what, hook, reason] of doctored) {
    it(`refuses an ID token ${what}, signing nobody in`, async () => {
      provider.idTokenHook = hook;
      try {
        const answer = await signIn("bob");
        expect(answer).toEqual({ status: 302, location: "/login?sso=failed", cookie: "" });
      } finally {
        provider.idTokenHook = null;
      }
      const refusal = (await audited("auth.signin.failure"))[0];
      expect(refusal?.details.via).toBe("oidc");
      expect(String(refusal?.details.reason)).toMatch(reason);
    });
  }
});

describe("access tokens for machines", () => {
  it("reads the API and opens a socket with a client-credentials token", async () => {
    const token = await provider.clientCredentials();
    expect(await status("/api/v1/jobs", { authorization: `Bearer ${token}` })).toBe(200);
    // runwatch:read only: admin routes stay closed.
    expect(await status("/api/v1/keys", { authorization: `Bearer ${token}` })).toBe(403);
    const socket = connect(server.url, { transports: ["websocket"], forceNew: true, auth: { token } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.disconnect();
    }
    const firstUse = (await audited("key.first_use")).find((e) => e.actor.startsWith("usr_"));
    expect(firstUse).toBeDefined();
  });

  it("maps runwatch:admin to the admin scope", async () => {
    const token = await provider.clientCredentials({ scope: "runwatch:read runwatch:admin" });
    expect(await status("/api/v1/keys", { authorization: `Bearer ${token}` })).toBe(200);
  });

  it("refuses a token for another audience, an expired one, and one signed by an unknown key", async () => {
    const other = await provider.clientCredentials({ resource: "https://other.test/api" });
    expect(await status("/api/v1/jobs", { authorization: `Bearer ${other}` })).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const expired = await provider.sign({
      iss: provider.issuer,
      aud: AUDIENCE,
      sub: "ci-bot",
      scope: "runwatch:read",
      iat: now - 3600,
      exp: now - 600,
    });
    expect(await status("/api/v1/jobs", { authorization: `Bearer ${expired}` })).toBe(401);
    const real = await provider.clientCredentials();
    const [header, payload] = real.split(".");
    expect(await status("/api/v1/jobs", { authorization: `Bearer ${header}.${payload}.AAAA` })).toBe(401);
    const socket = connect(server.url, { transports: ["websocket"], forceNew: true, auth: { token: other } });
    const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    socket.disconnect();
    expect(error.message).toBe("unauthenticated");
    const reasons = (await audited("auth.signin.failure"))
      .filter((e) => e.details.via === "token")
      .map((e) => e.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(["claim_aud", "expired", "signature"]));
  });

  it("closes a socket opened with a token when the token expires", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await provider.sign({
      iss: provider.issuer,
      aud: AUDIENCE,
      sub: "short-lived-bot",
      scope: "runwatch:read",
      iat: now,
      exp: now + 2,
    });
    const socket = connect(server.url, { transports: ["websocket"], forceNew: true, auth: { token } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const reason = await new Promise<string>((resolve) => socket.once("disconnect", resolve));
      expect(reason).toBe("io server disconnect");
      expect(Date.now()).toBeGreaterThanOrEqual((now + 2) * 1000 - 50);
    } finally {
      socket.disconnect();
    }
  });

  it("keeps API keys working beside tokens", async () => {
    expect(await status("/api/v1/jobs", adminHeaders)).toBe(200);
  });
});

describe("users and logout", () => {
  it("lists who signed in with role and groups, and revokes a user's sessions", async () => {
    const bob = await signIn("bob");
    const response = await fetch(`${server.url}/api/v1/users`, { headers: adminHeaders });
    const body = (await response.json()) as {
      items: { id: string; subject: string; role: string; groups: string[]; kind: string }[];
      sso: { rules: unknown; defaultRole: string; roleClaim: string };
    };
    const bobRow = body.items.find((u) => u.subject === "bob");
    expect(bobRow).toMatchObject({ role: "read", groups: ["developers"], kind: "person" });
    expect(body.items.find((u) => u.subject === "mallory")).toMatchObject({
      role: "deny",
      name: "Mallory Contractor",
      groups: ["contractors"],
    });
    expect(body.sso).toMatchObject({ roleClaim: "groups", defaultRole: "deny" });
    const revoke = await fetch(`${server.url}/api/v1/users/${bobRow?.id}/sessions`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    expect(revoke.status).toBe(200);
    expect(((await revoke.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(1);
    expect(await status("/api/v1/jobs", { cookie: bob.cookie })).toBe(401);
  });

  it("ends the session and sends the browser to the provider's logout with the ID token hint", async () => {
    const alice = await signIn("alice");
    const response = await fetch(`${server.url}/api/v1/auth/oidc/logout`, {
      method: "POST",
      headers: { cookie: alice.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^runwatch_session=;/);
    const { redirect } = (await response.json()) as { redirect: string };
    const logout = new URL(redirect);
    expect(logout.origin + logout.pathname).toBe(`${provider.issuer}/session/end`);
    expect(logout.searchParams.get("post_logout_redirect_uri")).toBe(`${server.url}/login`);
    expect(claimsOf(logout.searchParams.get("id_token_hint") ?? "").sub).toBe("alice");
    expect((await me(alice.cookie)).authenticated).toBe(false);
    // The provider accepts it: its logout confirmation page.
    expect((await fetch(logout)).status).toBe(200);
  });

  it("signs out an API-key session the same way, with no provider logout to go to", async () => {
    const signIn = await fetch(`${server.url}/api/v1/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: ADMIN_TOKEN }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await me(cookie)).authenticated).toBe(true);
    const response = await fetch(`${server.url}/api/v1/auth/oidc/logout`, {
      method: "POST",
      headers: { cookie },
    });
    expect(await response.json()).toEqual({ signedOut: true, redirect: null });
    expect((await me(cookie)).authenticated).toBe(false);
  });

  it("answers a JSON-only client with the location instead of a redirect", async () => {
    const response = await fetch(`${server.url}/api/v1/auth/oidc/start`, {
      headers: { accept: "application/json" },
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    const { location } = (await response.json()) as { location: string };
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("redirect_uri")).toBe(`${server.url}/api/v1/auth/oidc/callback`);
    expect(url.searchParams.get("client_id")).toBe(WEB_CLIENT.id);
    expect(url.searchParams.get("state")?.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get("nonce")?.length).toBeGreaterThanOrEqual(43);
  });

  it("tells the login page what it offers", async () => {
    const response = await fetch(`${server.url}/api/v1/auth/providers`);
    expect(await response.json()).toEqual({
      sso: { name: "Test IdP", start: "/api/v1/auth/oidc/start" },
      keySignin: true,
    });
  });
});

describe("RUNWATCH_KEY_SIGNIN=off", () => {
  it("refuses API-key sign-in and tells the login page so; API keys still work on the API", async () => {
    const port = await sparePort();
    const only = await startTestServer({
      env: {
        RUNWATCH_PUBLIC_URL: `http://127.0.0.1:${port}`,
        RUNWATCH_OIDC_ISSUER: provider.issuer,
        RUNWATCH_OIDC_CLIENT_ID: WEB_CLIENT.id,
        RUNWATCH_OIDC_ALLOW_HTTP: "on",
        RUNWATCH_KEY_SIGNIN: "off",
      },
    });
    try {
      const signIn = await fetch(`${only.url}/api/v1/auth/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: ADMIN_TOKEN }),
      });
      expect(signIn.status).toBe(403);
      expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe("key_signin_off");
      const providers = await fetch(`${only.url}/api/v1/auth/providers`);
      expect(await providers.json()).toEqual({
        sso: { name: "single sign-on", start: "/api/v1/auth/oidc/start" },
        keySignin: false,
      });
      expect((await fetch(`${only.url}/api/v1/jobs`, { headers: adminHeaders })).status).toBe(200);
    } finally {
      await only.close();
    }
  });
});

describe("start-up", () => {
  it("stops when the provider cannot be discovered, naming the variable and what discovery returned", async () => {
    const closed = await sparePort();
    const settings = loadSettings({
      PORT: "0",
      RUNWATCH_LOG_LEVEL: "silent",
      RUNWATCH_DATA_DIR: `${server.dataDir}-misconfigured`,
      RUNWATCH_PUBLIC_URL: "http://127.0.0.1:9",
      RUNWATCH_OIDC_ISSUER: `http://127.0.0.1:${closed}/realms/none`,
      RUNWATCH_OIDC_CLIENT_ID: "runwatch",
      RUNWATCH_OIDC_ALLOW_HTTP: "on",
    });
    await expect(buildServer({ settings, dashboard: false })).rejects.toThrow(
      new RegExp(
        `^RUNWATCH_OIDC_ISSUER: discovery of http://127\\.0\\.0\\.1:${closed}/realms/none/\\.well-known/openid-configuration failed: .+`,
      ),
    );
  });

  it("stops when the issuer has no discovery document, saying what it answered", async () => {
    const settings = loadSettings({
      PORT: "0",
      RUNWATCH_LOG_LEVEL: "silent",
      RUNWATCH_DATA_DIR: `${server.dataDir}-wrong-issuer`,
      RUNWATCH_PUBLIC_URL: "http://127.0.0.1:9",
      RUNWATCH_OIDC_ISSUER: `${provider.issuer}/realms/other`,
      RUNWATCH_OIDC_CLIENT_ID: "runwatch",
      RUNWATCH_OIDC_ALLOW_HTTP: "on",
    });
    await expect(buildServer({ settings, dashboard: false })).rejects.toThrow(
      /^RUNWATCH_OIDC_ISSUER: discovery of .*\/realms\/other\/\.well-known\/openid-configuration failed: .*HTTP 404/,
    );
  });
});
