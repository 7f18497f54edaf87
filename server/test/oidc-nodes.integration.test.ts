/**
 * Single sign-on across two nodes on one PostgreSQL database: a sign-in
 * started on one node is finished by the other (the pending login lives in
 * the database), its session works on both, and a replay of the callback to
 * the first node is refused because the state was consumed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { startTestServer, type TestServer } from "./helpers";
import { deliverCallback, loginAtProvider } from "./oidc-flow";
import { sparePort, startTestProvider, WEB_CLIENT, type TestProvider } from "./oidc-provider";

const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;

describe.skipIf(postgres.skip !== null)("single sign-on on two nodes sharing PostgreSQL", () => {
  let database: TestDatabase;
  let provider: TestProvider;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    database = await postgres.create();
    const portB = await sparePort();
    // The public address (behind the load balancer) is node b's: the provider sends callbacks there.
    const publicUrl = `http://127.0.0.1:${portB}`;
    provider = await startTestProvider(publicUrl);
    const env = {
      DATABASE_URL: database.databaseUrl!,
      RUNWATCH_AUDIT_KEY: "two-nodes-share-this-audit-key-0123456789",
      RUNWATCH_PUBLIC_URL: publicUrl,
      RUNWATCH_OIDC_ISSUER: provider.issuer,
      RUNWATCH_OIDC_CLIENT_ID: WEB_CLIENT.id,
      RUNWATCH_OIDC_CLIENT_SECRET: WEB_CLIENT.secret,
      RUNWATCH_OIDC_SCOPES: "openid profile email groups",
      RUNWATCH_OIDC_ALLOW_HTTP: "on",
      RUNWATCH_OIDC_ROLES: "platform-admins=admin,developers=read",
    };
    [a, b] = await Promise.all([
      startTestServer({ env }),
      startTestServer({ env: { ...env, PORT: String(portB) } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await provider?.close();
    await database?.remove();
  });

  it("finishes on one node a sign-in started on the other, once", async () => {
    const callback = await loginAtProvider(a.url, "bob");
    expect(callback.startsWith(`${b.url}/api/v1/auth/oidc/callback?`)).toBe(true);
    const signedIn = await deliverCallback(callback);
    expect(signedIn.location).toBe("/jobs");
    for (const node of [a, b]) {
      const me = await fetch(`${node.url}/api/v1/auth/me`, { headers: { cookie: signedIn.cookie } });
      expect(((await me.json()) as { principal: { scopes: string[] } }).principal.scopes).toEqual(["read"]);
    }
    const replayed = await deliverCallback(callback.replace(b.url, a.url));
    expect(replayed).toEqual({ status: 302, location: "/login?sso=failed", cookie: "" });
  });
});
