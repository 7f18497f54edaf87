/** The in-process API reader: reads as the page request being served, and only then. */
import type { FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inProcessApi } from "../../lib/in-process-api";
import { ADMIN_KEY, buildInjectApp, type InjectApp } from "./inject.test-app";
import { installInProcessApi, servingPage } from "./in-process-api";

let app: InjectApp;
let uninstall: () => void;
let sessionCookie: string;
beforeAll(async () => {
  app = await buildInjectApp();
  uninstall = installInProcessApi(app.server.app);
  const signIn = await app.inject({
    method: "POST",
    url: "/api/v1/auth/session",
    payload: { key: ADMIN_KEY },
  });
  expect(signIn.statusCode).toBe(200);
  const cookie = signIn.headers["set-cookie"];
  sessionCookie = String(Array.isArray(cookie) ? cookie[0] : cookie).split(";")[0] ?? "";
});
afterAll(async () => {
  uninstall();
  await app.close();
});

/** A page request as Fastify would hand it to the dashboard, with only what the reader looks at. */
const pageRequest = (headers: Record<string, string>) =>
  ({ headers, ip: "203.0.113.7" }) as unknown as FastifyRequest;

const readAs = (headers: Record<string, string>, path: string) =>
  servingPage(pageRequest(headers), async () => {
    const read = inProcessApi();
    if (!read) throw new Error("no reader installed");
    return read(path);
  });

describe("in-process API", () => {
  it("reads as the signed-in page request (its session cookie)", async () => {
    const answer = await readAs({ cookie: sessionCookie }, "/api/v1/auth/me");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      auth: "on",
      authenticated: true,
      principal: { scopes: ["admin"] },
    });
  });

  it("reads as a bearer key the same way", async () => {
    const readKey = await app.keyWith("read");
    const answer = await readAs({ authorization: `Bearer ${readKey}` }, "/api/v1/jobs?limit=1");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ items: [], nextCursor: null });
  });

  it("answers 401 to a page request without a credential (auth is on)", async () => {
    const answer = await readAs({}, "/api/v1/jobs?limit=1");
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("passes on a 400 naming the field, as the browser would get it", async () => {
    const answer = await readAs({ cookie: sessionCookie }, "/api/v1/jobs?limit=0");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { field: "limit" } });
  });

  it("refuses a path outside the API and a read outside a page request", async () => {
    await expect(readAs({ cookie: sessionCookie }, "/healthz")).rejects.toThrow("not an API path: /healthz");
    const read = inProcessApi();
    await expect(read?.("/api/v1/auth/me")).rejects.toThrow("read outside a page request");
  });
});
