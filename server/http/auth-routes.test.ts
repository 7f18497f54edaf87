/** `/api/v1/auth/*` in process: public routes, sign-in validation and refusals, the session cookie. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildInjectApp, type InjectApp } from "./inject.test-app";

let app: InjectApp;
let readKey: string;
let ingestKey: string;
beforeAll(async () => {
  app = await buildInjectApp();
  readKey = await app.keyWith("read");
  ingestKey = await app.keyWith("ingest");
});
afterAll(() => app.close());

const signIn = (payload: unknown) =>
  app.inject({ method: "POST", url: "/api/v1/auth/session", payload: payload as object });

describe("GET /api/v1/auth/me", () => {
  it("answers anyone, saying who they are", async () => {
    const anonymous = await app.inject({ method: "GET", url: "/api/v1/auth/me" });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ auth: "on", authenticated: false, principal: null, expiresAt: null });
    const read = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer(readKey) });
    expect(read.json()).toMatchObject({
      auth: "on",
      authenticated: true,
      principal: { name: "test read", scopes: ["read"], via: "key", user: null, teams: null },
    });
  });
});

describe("POST /api/v1/auth/session", () => {
  it.each([
    [{}, "key"],
    [{ key: "" }, "key"],
    [{ key: 42 }, "key"],
  ])("answers 400 naming the field for %j", async (payload, field) => {
    const response = await signIn(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: "invalid_body", field, message: expect.stringMatching(/^key /) },
    });
  });

  it("answers 401 for an unknown key and 403 for a key that cannot read", async () => {
    const unknown = await signIn({ key: "rw_not_a_key" });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      error: { code: "unauthenticated", message: "the API key is not valid or has been revoked" },
    });
    const ingest = await signIn({ key: ingestKey });
    expect(ingest.statusCode).toBe(403);
    expect(ingest.json()).toEqual({
      error: {
        code: "forbidden",
        message: "this key cannot sign in to the dashboard: it needs the read, admin or auditor scope",
      },
    });
    expect(unknown.headers["set-cookie"]).toBeUndefined();
    expect(ingest.headers["set-cookie"]).toBeUndefined();
  });

  it("signs a read key in with an HttpOnly session cookie that then authenticates", async () => {
    const response = await signIn({ key: readKey });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ principal: { name: "test read", scopes: ["read"] } });
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/^runwatch_session=[^;]+;/);
    expect(cookie).toContain("HttpOnly");
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: cookie.split(";")[0]! },
    });
    expect(me.json()).toMatchObject({ authenticated: true, principal: { scopes: ["read"] } });
  });
});

describe("DELETE /api/v1/auth/session", () => {
  it("answers 204 and clears the cookie, signed in or not", async () => {
    const response = await app.inject({ method: "DELETE", url: "/api/v1/auth/session" });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers["set-cookie"])).toMatch(/^runwatch_session=;/);
  });
});
