/**
 * Access control over real HTTP and real sockets: every route refuses what it
 * should, scopes are enforced, sessions and keys can be revoked, CSRF is
 * required for cookie-authenticated changes, and security headers are sent.
 */
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminHeaders, ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Fills route parameters with harmless values. */
const concrete = (url: string) => url.replace(/:(\w+)/g, "x").replace(/\*$/, "anything");

async function createKey(scopes: string[], name = `key-${scopes.join("-")}`) {
  const response = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...adminHeaders, "content-type": "application/json" },
    body: JSON.stringify({ name, scopes }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { key: { id: string }; secret: string };
}

async function signIn(secret: string) {
  const response = await fetch(`${server.url}/api/v1/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: secret }),
  });
  const cookie = response.headers.get("set-cookie") ?? "";
  return { response, cookie: cookie.split(";")[0] ?? "" };
}

describe("every registered route", () => {
  it("is enumerated, and each non-public one refuses an unauthenticated request", async () => {
    const routes = server.routes.filter((r) => r.method !== "OPTIONS");
    expect(routes.length).toBeGreaterThan(10);
    const publicRoutes = routes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.url}`);
    // The public list is deliberately short; adding to it must be a conscious change.
    expect(publicRoutes.sort()).toEqual([
      "DELETE /api/v1/auth/session",
      "GET /api/v1/auth/me",
      "GET /api/v1/auth/oidc/callback",
      "GET /api/v1/auth/oidc/start",
      "GET /api/v1/auth/providers",
      "GET /api/v1/openapi.json",
      "GET /healthz",
      "GET /readyz",
      "POST /api/v1/auth/oidc/logout",
      "POST /api/v1/auth/session",
    ]);
    for (const route of routes.filter((r) => r.access !== "public")) {
      const response = await fetch(`${server.url}${concrete(route.url)}`, {
        method: route.method,
        headers:
          route.method === "GET" || route.method === "DELETE" ? {} : { "content-type": "application/json" },
        body: route.method === "GET" || route.method === "DELETE" ? undefined : "{}",
      });
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
      expect((await response.json()).error.code).toMatch(
        /unauthenticated|invalid_signature|source_not_configured/,
      );
    }
  });

  it("with an auditor key, allows only the evidence and audit reads and answers 403 everywhere else", async () => {
    const auditor = await createKey(["auditor"]);
    const routes = server.routes.filter((r) => r.method !== "OPTIONS");
    const allowed = routes.filter((r) => r.access === "audit").map((r) => `${r.method} ${r.url}`);
    // The auditor's whole reach; widening it must be a conscious change.
    expect(allowed.sort()).toEqual([
      "GET /api/v1/audit",
      "GET /api/v1/audit/export",
      "GET /api/v1/audit/verify",
      "GET /api/v1/evidence",
      "GET /api/v1/evidence/access-review",
      "GET /api/v1/evidence/export",
      "GET /api/v1/evidence/public-key",
      "POST /api/v1/evidence/access-review",
    ]);
    for (const route of routes.filter((r) => r.access !== "public" && r.access !== "webhook")) {
      const response = await fetch(`${server.url}${concrete(route.url)}`, {
        method: route.method,
        headers: {
          authorization: `Bearer ${auditor.secret}`,
          ...(route.method === "GET" || route.method === "DELETE"
            ? {}
            : { "content-type": "application/json" }),
        },
        body: route.method === "GET" || route.method === "DELETE" ? undefined : "{}",
      });
      const expected = route.access === "audit" ? (route.method === "POST" ? 201 : 200) : 403;
      expect(response.status, `${route.method} ${route.url}`).toBe(expected);
      await response.arrayBuffer();
    }
  });

  it("refuses a wrong or revoked key with 401 and a wrong scope with 403", async () => {
    const bad = await fetch(`${server.url}/api/v1/jobs`, {
      headers: { authorization: "Bearer rw_not_a_key" },
    });
    expect(bad.status).toBe(401);

    const reader = await createKey(["read"]);
    const asReader = { authorization: `Bearer ${reader.secret}` };
    expect((await fetch(`${server.url}/api/v1/jobs`, { headers: asReader })).status).toBe(200);
    const forbidden = await fetch(`${server.url}/api/v1/keys`, { headers: asReader });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");

    const ingestOnly = await createKey(["ingest"]);
    const noRead = await fetch(`${server.url}/api/v1/jobs`, {
      headers: { authorization: `Bearer ${ingestOnly.secret}` },
    });
    expect(noRead.status).toBe(403);

    const revoke = await fetch(`${server.url}/api/v1/keys/${reader.key.id}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    expect(revoke.status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/jobs`, { headers: asReader })).status).toBe(401);
  });
});

describe("dashboard sessions", () => {
  it("signs in with a key, reads with the cookie, needs the CSRF header to change data, and signs out", async () => {
    const { response, cookie } = await signIn(ADMIN_TOKEN);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP here; Secure is set behind HTTPS
    expect(cookie).toMatch(/^runwatch_session=rws_/);

    const me = await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).json();
    expect(me).toMatchObject({ auth: "on", authenticated: true, principal: { scopes: ["admin"] } });
    expect((await fetch(`${server.url}/api/v1/jobs`, { headers: { cookie } })).status).toBe(200);

    const body = JSON.stringify({ name: "from-browser", scopes: ["read"] });
    const headers = { cookie, "content-type": "application/json" };
    const noCsrf = await fetch(`${server.url}/api/v1/keys`, { method: "POST", headers, body });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error.code).toBe("csrf");
    const withCsrf = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...headers, "x-runwatch-csrf": "1" },
      body,
    });
    expect(withCsrf.status).toBe(201);

    const out = await fetch(`${server.url}/api/v1/auth/session`, { method: "DELETE", headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const after = await fetch(`${server.url}/api/v1/jobs`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it("refuses sign-in with a bad key (401) or a key without read scope (403)", async () => {
    expect((await signIn("rw_wrong")).response.status).toBe(401);
    const ingestOnly = await createKey(["ingest"], "ingest-signin");
    expect((await signIn(ingestOnly.secret)).response.status).toBe(403);
    const missing = await fetch(`${server.url}/api/v1/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "x" }),
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.field).toBe("key");
  });

  it("admins can list and revoke sessions", async () => {
    const { cookie } = await signIn(ADMIN_TOKEN);
    const sessions = (await (
      await fetch(`${server.url}/api/v1/sessions`, { headers: adminHeaders })
    ).json()) as {
      items: { id: string; revokedAt: string | null }[];
    };
    const active = sessions.items.filter((s) => s.revokedAt === null);
    expect(active.length).toBeGreaterThan(0);
    for (const s of active) {
      expect(
        (await fetch(`${server.url}/api/v1/sessions/${s.id}`, { method: "DELETE", headers: adminHeaders }))
          .status,
      ).toBe(204);
    }
    expect((await fetch(`${server.url}/api/v1/jobs`, { headers: { cookie } })).status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/v1/sessions/nope`, { method: "DELETE", headers: adminHeaders })).status,
    ).toBe(404);
  });
});

describe("the socket", () => {
  const open = (options: Parameters<typeof connect>[1]) =>
    new Promise<{ ok: true; socket: ReturnType<typeof connect> } | { ok: false; message: string }>(
      (resolve) => {
        const socket = connect(server.url, {
          transports: ["websocket"],
          forceNew: true,
          reconnection: false,
          ...options,
        });
        socket.once("connect", () => resolve({ ok: true, socket }));
        socket.once("connect_error", (error) => {
          socket.close();
          resolve({ ok: false, message: error.message });
        });
      },
    );

  it("refuses a handshake without credentials, with a bad token, or without read scope", async () => {
    expect(await open({})).toEqual({ ok: false, message: "unauthenticated" });
    expect(await open({ auth: { token: "rw_bogus" } })).toEqual({ ok: false, message: "unauthenticated" });
    const ingestOnly = await createKey(["ingest"], "ingest-socket");
    expect(await open({ auth: { token: ingestOnly.secret } })).toEqual({ ok: false, message: "forbidden" });
  });

  it("accepts a key or the session cookie, and drops the connection when the key is revoked", async () => {
    const reader = await createKey(["read"], "socket-reader");
    const byKey = await open({ auth: { token: reader.secret } });
    expect(byKey.ok).toBe(true);
    const { cookie } = await signIn(reader.secret);
    const byCookie = await open({ extraHeaders: { cookie } });
    expect(byCookie.ok).toBe(true);
    if (!byKey.ok || !byCookie.ok) return;
    const dropped = Promise.all([
      new Promise((resolve) => byKey.socket.once("disconnect", resolve)),
      new Promise((resolve) => byCookie.socket.once("disconnect", resolve)),
    ]);
    await fetch(`${server.url}/api/v1/keys/${reader.key.id}`, { method: "DELETE", headers: adminHeaders });
    await dropped;
    expect(byKey.socket.connected || byCookie.socket.connected).toBe(false);
  });
});

describe("hardening", () => {
  it("sends security headers and no stack traces", async () => {
    const response = await fetch(`${server.url}/api/v1/jobs?limit=nope`, { headers: adminHeaders });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(JSON.stringify(await response.json())).not.toMatch(/at .*\.ts:\d+/);
  });

  it("refuses prototype-poisoning JSON", async () => {
    const response = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: '{"name":"x","scopes":["read"],"__proto__":{"admin":true}}',
    });
    expect(response.status).toBe(400);
  });
});

describe("RUNWATCH_AUTH=off (local demo)", () => {
  it("opens the read API and the socket to anyone, but not admin routes", async () => {
    const open = await startTestServer({ env: { RUNWATCH_AUTH: "off" } });
    try {
      expect((await fetch(`${open.url}/api/v1/jobs`)).status).toBe(200);
      expect(await (await fetch(`${open.url}/api/v1/auth/me`)).json()).toMatchObject({
        auth: "off",
        authenticated: false,
      });
      expect((await fetch(`${open.url}/api/v1/keys`)).status).toBe(401);
      expect((await fetch(`${open.url}/api/v1/audit`)).status).toBe(401);
      const socket = connect(open.url, { transports: ["websocket"], forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      socket.close();
    } finally {
      await open.close();
    }
  });
});

describe("behind a trusted reverse proxy (RUNWATCH_TRUST_PROXY)", () => {
  it("marks the session cookie Secure for HTTPS and audits the real client address", async () => {
    const proxied = await startTestServer({ env: { RUNWATCH_TRUST_PROXY: "127.0.0.1" } });
    try {
      const response = await fetch(`${proxied.url}/api/v1/auth/session`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-proto": "https",
          "x-forwarded-for": "203.0.113.7",
        },
        body: JSON.stringify({ key: ADMIN_TOKEN }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(/; Secure/);
      const audit = await proxied.store.listAudit({ action: "auth.signin.success", limit: 5 });
      expect(audit.items[0]?.ip).toBe("203.0.113.7");
    } finally {
      await proxied.close();
    }
  });
});
