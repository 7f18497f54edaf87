/** `/api/v1/jobs` in process: who may read, what a bad query or id answers, and the list's shape. */
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

describe("GET /api/v1/jobs", () => {
  it("answers 401 in the error shape without a credential, and with an unknown key", async () => {
    const anonymous = await app.inject({ method: "GET", url: "/api/v1/jobs" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(anonymous.json()).toEqual({
      error: {
        code: "unauthenticated",
        message: "sign in, or send an API key as `Authorization: Bearer <key>`",
      },
    });
    const unknown = await app.inject({ method: "GET", url: "/api/v1/jobs", headers: bearer("rw_not_a_key") });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      error: { code: "unauthenticated", message: "the API key is not valid or has been revoked" },
    });
  });

  it("answers 403 to a key without the read scope", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/jobs", headers: bearer(ingestKey) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: "forbidden", message: "this needs the read scope" } });
  });

  it("serves an empty first page to a read key", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/jobs", headers: bearer(readKey) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    ["status=nope", "status"],
    ["status=queued,nope", "status"],
    ["limit=0", "limit"],
    ["limit=abc", "limit"],
    ["sort=sideways", "sort"],
    ["since=yesterday", "since"],
    ["source=travis", "source"],
  ])("answers 400 naming the parameter for ?%s", async (query, field) => {
    const response = await app.inject({
      method: "GET",
      url: `/api/v1/jobs?${query}`,
      headers: bearer(readKey),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: "invalid_query", field, message: expect.stringMatching(new RegExp(`^${field}: `)) },
    });
  });
});

describe("GET /api/v1/jobs/:id", () => {
  it("answers 404 naming the id for a job it does not have", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/jobs/github:1",
      headers: bearer(readKey),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "not_found", field: "id", message: 'no job with id "github:1"' },
    });
  });

  it("answers 401 without a credential before looking the job up", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/jobs/github:1" });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("unauthenticated");
  });
});
