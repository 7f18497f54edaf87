/**
 * Rate limiting over real HTTP from two client addresses (127.0.0.1 and
 * 127.0.0.2 — both loopback): a flood from one address gets 429 with
 * Retry-After while the other is still served, and budgets are separate.
 * The server runs on a manual clock, so no bucket refills mid-test however
 * slow the machine: the counts below are exact.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixture, githubSignature, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
const clock = manualClock(Date.parse("2026-04-01T00:00:00Z"));
beforeAll(async () => {
  server = await startTestServer({
    clock,
    env: { HOST: "0.0.0.0", RUNWATCH_RATE_LIMIT_API: "20", RUNWATCH_RATE_LIMIT_WEBHOOK: "15" },
  });
});
afterAll(() => server.close());

/** One request from a chosen loopback source address. */
function request(
  from: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: from,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("rate limiting", () => {
  it("answers a flood from one address with 429 and Retry-After, and keeps serving another address", async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 40; i++) {
      const response = await request("127.0.0.2", "/api/v1/auth/me");
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers["retry-after"] as string | undefined;
        expect(JSON.parse(response.body).error.code).toBe("rate_limited");
      }
    }
    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
    // 20 a minute is one token every 3 s; the bucket is empty and the clock has not moved.
    expect(retryAfter).toBe("3");
    // Three seconds later the bucket holds exactly one more request.
    clock.advance(3_000);
    expect((await request("127.0.0.2", "/api/v1/auth/me")).status).toBe(200);
    expect((await request("127.0.0.2", "/api/v1/auth/me")).status).toBe(429);

    expect((await request("127.0.0.1", "/api/v1/auth/me")).status).toBe(200);
    // A credential has its own budget, wherever it calls from.
    expect((await request("127.0.0.2", "/api/v1/jobs", { headers: adminHeaders })).status).toBe(200);
  });

  it("keeps webhook and API budgets apart, and records the trip in the audit log", async () => {
    const body = fixture("github/workflow_job.queued.1.json");
    const headers = {
      "content-type": "application/json",
      "x-github-event": "workflow_job",
      "x-hub-signature-256": githubSignature(body),
    };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push(
        (
          await request("127.0.0.3", "/api/v1/webhooks/github", {
            method: "POST",
            headers: { ...headers, "x-github-delivery": `rl-${i}` },
            body,
          })
        ).status,
      );
    }
    expect(statuses.filter((s) => s === 202).length).toBe(15);
    expect(statuses.filter((s) => s === 429).length).toBe(10);
    // The same address still has its API budget.
    expect((await request("127.0.0.3", "/api/v1/auth/me")).status).toBe(200);

    const audit = await server.store.listAudit({ action: "ratelimit.tripped", limit: 50 });
    expect(audit.items.map((e) => [e.target, e.ip])).toEqual(
      expect.arrayContaining([
        ["api", "127.0.0.2"],
        ["webhook", "127.0.0.3"],
      ]),
    );
    // Throttled: one entry per budget and address per minute, however long the flood.
    expect(audit.items.filter((e) => e.ip === "127.0.0.2")).toHaveLength(1);
  });
});
