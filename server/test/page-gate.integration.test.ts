/**
 * The page gate over real HTTP (issue 15, finding 4): paths sent byte for byte
 * with dot segments, plain or percent-encoded, to the real server with the
 * dashboard's gate (`answeredByGate`) in front of a stand-in for Next.js (which
 * is not ours, and needs a build). Without a session they redirect to sign-in,
 * never reaching the page; with one, the resolved page is served.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allows, credentialsFrom, resolvePrincipal } from "../auth/principal";
import { answeredByGate } from "../http/page-gate";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers";
import { rawRequest } from "./raw-request";

const SHELL = "<!doctype html><title>Runwatch</title>page shell";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    beforeListen: ({ app, store }) => {
      // The route of server/http/dashboard.ts, with the same session check as app.ts; Next is stood in for.
      app.route({
        method: ["GET", "HEAD"],
        url: "/*",
        config: { access: "page" },
        handler: async (request, reply) => {
          const mayView = async () => {
            const resolution = await resolvePrincipal(store, credentialsFrom(request.headers), Date.now());
            return resolution.kind === "ok" && allows(resolution.principal, "read");
          };
          if (await answeredByGate(request, reply, mayView)) return reply;
          return reply.type("text/html").send(SHELL);
        },
      });
    },
  });
});
afterAll(() => server.close());

async function signIn(): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: ADMIN_TOKEN }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("the page gate without a session", () => {
  it.each([
    ["/_next/../jobs", "/jobs"],
    ["/login/../admin", "/admin"],
    ["/_next/%2e%2e/jobs", "/jobs"],
    ["/_next/%2E%2E/jobs", "/jobs"],
    ["/_next/.%2E/audit?action=auth.*", "/audit?action=auth.*"],
    ["/login\\..\\admin", "/admin"],
    ["/_next/static/../../keys", "/keys"],
  ])("%s redirects to sign-in for %s, never the page", async (path, next) => {
    const response = await rawRequest(server.url, path);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(next)}`);
    expect(response.body).not.toContain("page shell");
  });

  it.each(["/_next/..%2fjobs", "/_next/..%5Cjobs", "/_next/%252e%252e/jobs", "/login/%2e%2e%2fadmin"])(
    "%s still holds a dot segment once decoded: 400 JSON",
    async (path) => {
      const response = await rawRequest(server.url, path);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        error: { code: "bad_path", message: "the path holds dot segments (. or ..)" },
      });
    },
  );

  it("a dot segment resolving into /api/ is the API's 404, not a page", async () => {
    const response = await rawRequest(server.url, "/_next/../api/v1/nothing");
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "not_found", message: "no route GET /api/v1/nothing" },
    });
  });

  it("still serves the sign-in page and assets", async () => {
    expect((await rawRequest(server.url, "/login?next=%2Fjobs")).body).toBe(SHELL);
    expect((await rawRequest(server.url, "/_next/static/chunks/main.js")).status).toBe(200);
    expect((await rawRequest(server.url, "/jobs")).status).toBe(302);
  });
});

describe("the page gate with a session", () => {
  it("serves the page a dot-segment path resolves to", async () => {
    const cookie = await signIn();
    const response = await rawRequest(server.url, "/_next/../jobs", { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.body).toBe(SHELL);
  });
});
