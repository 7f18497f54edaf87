/**
 * Body limits by route over real HTTP (issue 15, finding 5): API JSON is
 * limited to RUNWATCH_API_BODY_LIMIT (64 KiB by default) and refused before it
 * is parsed; only webhook routes take up to RUNWATCH_BODY_LIMIT. Access control
 * and rate limits answer before any body is read.
 */
import { afterEach, describe, expect, it } from "vitest";
import { adminHeaders, fixtureJson, githubSignature, startTestServer, type TestServer } from "./helpers";
import { rawRequest } from "./raw-request";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const start = async (env: Record<string, string> = {}) => {
  server = await startTestServer({ env });
  return server;
};

const JSON_TYPE = { "content-type": "application/json" };

/** `{"key":"…","k0":0,"k1":0,…}`: a sign-in body of `count` keys, as the review sent. */
function manyKeys(count: number): Buffer {
  const parts = ['{"key":"rw_not_a_key_0123456789abcdefghijkl"'];
  for (let i = 0; i < count; i += 1) parts.push(`,"k${i}":0`);
  parts.push("}");
  return Buffer.from(parts.join(""));
}

const tooLarge = (variable: string, bytes: number) => ({
  error: { code: "payload_too_large", message: `the body is larger than ${variable} (${bytes} bytes)` },
});

describe("API bodies", () => {
  it("refuses an anonymous 10 MB sign-in of a million keys with 413 at once, by Content-Length", async () => {
    const { url } = await start();
    const body = manyKeys(1_000_000);
    expect(body.length).toBeGreaterThan(10_000_000);
    const response = await rawRequest(url, "/api/v1/auth/session", {
      method: "POST",
      headers: JSON_TYPE,
      body,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(tooLarge("RUNWATCH_API_BODY_LIMIT", 65_536));
    expect(response.ms).toBeLessThan(1500);
  });

  it("refuses the same body sent chunked (no Content-Length) once it passes the limit", async () => {
    const { url } = await start();
    const response = await rawRequest(url, "/api/v1/auth/session", {
      method: "POST",
      headers: JSON_TYPE,
      body: manyKeys(1_000_000),
      chunked: true,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(tooLarge("RUNWATCH_API_BODY_LIMIT", 65_536));
  });

  it("refuses a 100 KB sign-in (over the API limit, under the webhook one) without parsing it", async () => {
    const { url } = await start();
    const body = manyKeys(12_000);
    expect(body.length).toBeGreaterThan(100_000);
    expect(body.length).toBeLessThan(1_048_576);
    const response = await rawRequest(url, "/api/v1/auth/session", {
      method: "POST",
      headers: JSON_TYPE,
      body,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(tooLarge("RUNWATCH_API_BODY_LIMIT", 65_536));
  });

  it("keeps /healthz answering while large sign-in bodies are refused", async () => {
    const { url } = await start({ RUNWATCH_RATE_LIMIT_SIGNIN: "1000" });
    const body = manyKeys(1_000_000);
    const floods = Array.from({ length: 4 }, () =>
      rawRequest(url, "/api/v1/auth/session", { method: "POST", headers: JSON_TYPE, body, chunked: true }),
    );
    const health = await rawRequest(url, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    expect(health.ms).toBeLessThan(1000);
    for (const flood of await Promise.all(floods)) expect(flood.status).toBe(413);
  });

  it("follows RUNWATCH_API_BODY_LIMIT: an admin request over 2048 bytes gets 413 naming it", async () => {
    const { url } = await start({ RUNWATCH_API_BODY_LIMIT: "2048" });
    const body = JSON.stringify({ name: "x".repeat(3000), scopes: ["read"] });
    const response = await rawRequest(url, "/api/v1/keys", {
      method: "POST",
      headers: { ...JSON_TYPE, ...adminHeaders },
      body,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(tooLarge("RUNWATCH_API_BODY_LIMIT", 2048));
  });

  it("answers access and rate limits before reading the body", async () => {
    const { url } = await start({ RUNWATCH_RATE_LIMIT_SIGNIN: "1" });
    const body = manyKeys(1_000_000);
    // No credential: 401, not 413, for an admin route.
    const anonymous = await rawRequest(url, "/api/v1/keys", { method: "POST", headers: JSON_TYPE, body });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error: { code: "unauthenticated" } });
    // The sign-in budget spent: 429, not 413.
    const small = JSON.stringify({ key: "rw_not_a_key_0123456789abcdefghijkl" });
    expect(
      (await rawRequest(url, "/api/v1/auth/session", { method: "POST", headers: JSON_TYPE, body: small }))
        .status,
    ).toBe(401);
    const limited = await rawRequest(url, "/api/v1/auth/session", {
      method: "POST",
      headers: JSON_TYPE,
      body,
    });
    expect(limited.status).toBe(429);
  });
});

describe("webhook bodies", () => {
  it("still take more than the API limit, up to RUNWATCH_BODY_LIMIT", async () => {
    const { url } = await start();
    const job = fixtureJson("github/workflow_job.completed.1.json");
    // A long step list is what makes real deliveries large; padded here past the API limit.
    Object.assign(job.workflow_job as Record<string, unknown>, {
      id: 8_100_000,
      padding: "x".repeat(200_000),
    });
    const body = JSON.stringify(job);
    const response = await rawRequest(url, "/api/v1/webhooks/github", {
      method: "POST",
      headers: {
        ...JSON_TYPE,
        "x-github-event": "workflow_job",
        "x-github-delivery": "big-1",
        "x-hub-signature-256": githubSignature(body),
      },
      body,
    });
    expect(response.status).toBe(202);
  });

  it("refuse a body over RUNWATCH_BODY_LIMIT with 413 naming it", async () => {
    const { url } = await start();
    const response = await rawRequest(url, "/api/v1/webhooks/github", {
      method: "POST",
      headers: { ...JSON_TYPE, "x-github-event": "workflow_job" },
      body: Buffer.alloc(1_048_577, 32),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(tooLarge("RUNWATCH_BODY_LIMIT", 1_048_576));
  });
});
