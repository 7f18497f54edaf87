/** `/api/v1/keys` and `/api/v1/sessions` in process: admin only, bodies validated, unknown ids 404. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, bearer, buildInjectApp, type InjectApp } from "./inject.test-app";

let app: InjectApp;
let readKey: string;
beforeAll(async () => {
  app = await buildInjectApp();
  readKey = await app.keyWith("read");
});
afterAll(() => app.close());

const admin = bearer(ADMIN_KEY);

describe("access", () => {
  it.each([
    ["GET", "/api/v1/keys"],
    ["POST", "/api/v1/keys"],
    ["DELETE", "/api/v1/keys/key_1"],
    ["GET", "/api/v1/sessions"],
    ["DELETE", "/api/v1/sessions/ses_1"],
  ] as const)("%s %s: 401 without a credential, 403 with a read key", async (method, url) => {
    const anonymous = await app.inject({ method, url });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("unauthenticated");
    const read = await app.inject({ method, url, headers: bearer(readKey) });
    expect(read.statusCode).toBe(403);
    expect(read.json()).toEqual({ error: { code: "forbidden", message: "this needs the admin scope" } });
  });
});

describe("POST /api/v1/keys", () => {
  it.each([
    [{ scopes: ["read"] }, "name"],
    [{ name: "   ", scopes: ["read"] }, "name"],
    [{ name: "ci" }, "scopes"],
    [{ name: "ci", scopes: [] }, "scopes"],
    [{ name: "ci", scopes: ["root"] }, "scopes.0"],
  ])("answers 400 naming the field for %j", async (payload, field) => {
    const response = await app.inject({ method: "POST", url: "/api/v1/keys", headers: admin, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: "invalid_body", field, message: expect.stringMatching(new RegExp(`^${field} `)) },
    });
  });

  it("answers 400 for a body that is not a JSON object, and for malformed JSON", async () => {
    const array = await app.inject({ method: "POST", url: "/api/v1/keys", headers: admin, payload: [] });
    expect(array.statusCode).toBe(400);
    expect(array.json()).toEqual({
      error: { code: "invalid_body", field: "body", message: "body must be a JSON object" },
    });
    const broken = await app.inject({
      method: "POST",
      url: "/api/v1/keys",
      headers: { ...admin, "content-type": "application/json" },
      payload: '{"name": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({ error: { code: "invalid_body", message: "body is not valid JSON" } });
  });

  it("creates a key, shows its secret once, uncached, and lists it without the secret", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/keys",
      headers: admin,
      payload: { name: "deploy bot", scopes: ["ingest"] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const body = created.json<{ key: { id: string; name: string; scopes: string[] }; secret: string }>();
    expect(body.key).toMatchObject({ name: "deploy bot", scopes: ["ingest"] });
    expect(body.secret).toMatch(/^rw_/);
    const listed = await app.inject({ method: "GET", url: "/api/v1/keys", headers: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: { name: string }[] }>().items.map((k) => k.name)).toContain("deploy bot");
    expect(listed.body).not.toContain(body.secret);
  });
});

describe("DELETE", () => {
  it("answers 404 naming the id for a key or session that is not active", async () => {
    const key = await app.inject({ method: "DELETE", url: "/api/v1/keys/key_missing", headers: admin });
    expect(key.statusCode).toBe(404);
    expect(key.json()).toEqual({
      error: { code: "not_found", field: "id", message: 'no active key with id "key_missing"' },
    });
    const session = await app.inject({
      method: "DELETE",
      url: "/api/v1/sessions/ses_missing",
      headers: admin,
    });
    expect(session.statusCode).toBe(404);
    expect(session.json()).toEqual({
      error: { code: "not_found", field: "id", message: 'no active session with id "ses_missing"' },
    });
  });
});
