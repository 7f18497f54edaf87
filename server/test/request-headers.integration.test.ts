/**
 * Headers an operator expects of a service, over real HTTP (issue 15):
 * `X-Request-Id` honoured when valid (else generated), returned on every answer
 * and written in every log line of the request; `Strict-Transport-Security`
 * exactly when RUNWATCH_PUBLIC_URL is https.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminHeaders, startTestServer, type TestServer } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HSTS = "max-age=31536000; includeSubDomains";

let server: TestServer;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = await startTestServer({
    env: { RUNWATCH_LOG_LEVEL: "info" },
    logStream: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
  });
});
afterAll(() => server.close());

/** A GET with raw header bytes (fetch refuses some of the values tried here). */
function rawGet(path: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.url}${path}`, { headers }, (response) => {
      response.resume();
      response.on("end", () => resolve(response));
    });
    request.on("error", reject);
  });
}

describe("X-Request-Id", () => {
  it("echoes a valid incoming id on successes, refusals, 404s and URL errors alike", async () => {
    const cases: [string, RequestInit, number][] = [
      ["/healthz", {}, 200],
      ["/api/v1/jobs", { headers: adminHeaders }, 200],
      ["/api/v1/jobs", {}, 401],
      ["/api/v1/jobs?limit=nope", { headers: adminHeaders }, 400],
      ["/api/v1/no-such-route", { headers: adminHeaders }, 404],
      ["/nowhere", {}, 404],
      ["/api/v1/jobs/%E0%A4%A", { headers: adminHeaders }, 400],
      [
        "/api/v1/keys",
        { method: "POST", body: "{", headers: { ...adminHeaders, "content-type": "application/json" } },
        400,
      ],
    ];
    for (const [index, [path, init, status]] of cases.entries()) {
      const id = `trace-${index}:A/b.c_~=+ ok`;
      const response = await fetch(`${server.url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), "x-request-id": id },
      });
      expect(response.status, path).toBe(status);
      expect(response.headers.get("x-request-id"), path).toBe(id);
    }
  });

  it("generates a UUID when the incoming id is missing, empty, over 128 characters or not printable ASCII", async () => {
    const kept = "x".repeat(128);
    const atLimit = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": kept } });
    expect(atLimit.headers.get("x-request-id")).toBe(kept);

    const seen = new Set<string>();
    const missingOrBad: Record<string, string>[] = [
      {},
      { "x-request-id": "" },
      { "x-request-id": "x".repeat(129) },
    ];
    for (const headers of missingOrBad) {
      const response = await fetch(`${server.url}/api/v1/jobs`, { headers });
      const id = response.headers.get("x-request-id") ?? "";
      expect(id).toMatch(UUID);
      seen.add(id);
    }
    for (const value of ["caf\u00e9", "tab\there"]) {
      const response = await rawGet("/healthz", { "x-request-id": value });
      expect(response.statusCode).toBe(200);
      const id = String(response.headers["x-request-id"]);
      expect(id).toMatch(UUID);
      seen.add(id);
    }
    expect(seen.size).toBe(5);
  });

  it("is written in every log line of the request", async () => {
    const id = "log-trace-0001";
    const response = await fetch(`${server.url}/api/v1/jobs?limit=logged`, {
      headers: { ...adminHeaders, "x-request-id": id },
    });
    expect(response.status).toBe(400);
    // The completion line is written as the answer goes out; give the stream a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ofRequest = logLines.filter((line) => line.reqId === id);
    expect(ofRequest.map((line) => line.msg)).toEqual(["incoming request", "request completed"]);
    const incoming = ofRequest[0] as { req?: { url?: string } };
    expect(incoming.req?.url).toBe("/api/v1/jobs?limit=logged");
    // Every line about this URL belongs to this request: none was logged without its id.
    const aboutUrl = logLines.filter((line) => JSON.stringify(line).includes("limit=logged"));
    expect(aboutUrl.every((line) => line.reqId === id)).toBe(true);
  });
});

describe("Strict-Transport-Security", () => {
  it("is absent when RUNWATCH_PUBLIC_URL is unset", async () => {
    for (const path of ["/healthz", "/api/v1/jobs", "/nowhere"]) {
      expect((await fetch(`${server.url}${path}`)).headers.get("strict-transport-security"), path).toBe(null);
    }
  });

  it("is absent when RUNWATCH_PUBLIC_URL is http", async () => {
    const plain = await startTestServer({ env: { RUNWATCH_PUBLIC_URL: "http://ci.example.com" } });
    try {
      expect((await fetch(`${plain.url}/healthz`)).headers.get("strict-transport-security")).toBe(null);
    } finally {
      await plain.close();
    }
  });

  it("is on every answer (successes, refusals, 404s) when RUNWATCH_PUBLIC_URL is https", async () => {
    const secure = await startTestServer({ env: { RUNWATCH_PUBLIC_URL: "https://ci.example.com/runwatch" } });
    try {
      for (const [path, headers, status] of [
        ["/healthz", {}, 200],
        ["/api/v1/jobs", adminHeaders, 200],
        ["/api/v1/jobs", {}, 401],
        ["/nowhere", {}, 404],
        ["/api/v1/jobs/%E0%A4%A", adminHeaders, 400],
      ] as const) {
        const response = await fetch(`${secure.url}${path}`, { headers });
        expect(response.status, path).toBe(status);
        expect(response.headers.get("strict-transport-security"), path).toBe(HSTS);
      }
    } finally {
      await secure.close();
    }
  });
});
