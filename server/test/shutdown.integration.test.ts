/**
 * Shutdown and slow clients, over real TCP: the real server in a child
 * process gets SIGTERM while clients hold keep-alive connections, a stalled
 * request and a delivery in flight. It finishes the delivery (stored), answers
 * what arrives after in the error shape with `Retry-After`, and exits within a
 * few seconds rather than the 72 s keep-alive timeout. A client too slow to
 * send its request gets a JSON 408 within the request timeout.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqlite";
import { spawnServer, type ChildServer } from "./child";
import { loadSettings } from "../settings";
import { fixtureJson, githubSignature, startTestServer } from "./helpers";
import { openRaw, type RawConnection } from "./raw-http";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-shutdown-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, env: Record<string, string>): Promise<ChildServer> {
  const child = await spawnServer(dataDir, env);
  cleanups.push(() => (child.child.exitCode === null ? child.kill() : undefined));
  return child;
}

async function raw(url: string): Promise<RawConnection> {
  const connection = await openRaw(url);
  cleanups.push(() => void connection.socket.destroy());
  return connection;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signed GitHub delivery of job `id` as raw request head and body. */
function delivery(id: number): { head: string; body: string } {
  const payload = fixtureJson<{ workflow_job: Record<string, unknown> }>("github/workflow_job.queued.1.json");
  Object.assign(payload.workflow_job, { id, run_id: id });
  const body = JSON.stringify(payload);
  const head =
    `POST /api/v1/webhooks/github HTTP/1.1\r\nHost: runwatch.test\r\ncontent-type: application/json\r\n` +
    `x-github-event: workflow_job\r\nx-github-delivery: shutdown-${id}\r\n` +
    `x-hub-signature-256: ${githubSignature(body)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return { head, body };
}

/** Resolves with the exit code and when it happened. */
function exitOf(child: ChildServer): Promise<{ code: number | null; at: number }> {
  return new Promise((resolve) => child.child.once("exit", (code) => resolve({ code, at: Date.now() })));
}

async function storedJob(dataDir: string, id: string) {
  const store = await openSqliteStore(dataDir);
  try {
    return await store.getJob(id);
  } finally {
    await store.close();
  }
}

describe("SIGTERM", () => {
  it("finishes the delivery in flight, serves the hand-over, answers later requests 503 in the error shape, cuts a stalled client at the grace period", async () => {
    const dataDir = tempDir();
    const child = await start(dataDir, { RUNWATCH_SHUTDOWN_GRACE_SECONDS: "2" });

    // A keep-alive client, idle after one answer.
    const idle = await raw(child.url);
    idle.write("GET /healthz HTTP/1.1\r\nHost: runwatch.test\r\n\r\n");
    expect((await idle.responses(1))[0]?.status).toBe(200);
    let idleClosedAt = 0;
    void idle.closed.then(() => (idleClosedAt = Date.now()));
    // A stalled client: its request's headers begun and never finished.
    const stalled = await raw(child.url);
    stalled.write("GET /healthz HTTP/1.1\r\nHost: runwatch.test\r\n");
    // A delivery in flight: headers and half its body sent.
    const { head, body } = delivery(91_000_001);
    const inflight = await raw(child.url);
    inflight.write(head + body.slice(0, 200));
    await sleep(300);

    const exited = exitOf(child);
    const signalledAt = Date.now();
    child.child.kill("SIGTERM");
    await sleep(200);
    // During the hand-over (a quarter of the 2 s grace) a request is still served, and its connection closed.
    const served = await raw(child.url);
    served.write("GET /healthz HTTP/1.1\r\nHost: runwatch.test\r\n\r\n");
    const [kept] = await served.responses(1);
    expect(kept?.status).toBe(200);
    expect(kept?.headers["connection"]).toBe("close");
    await sleep(500);
    // A request arriving after it, while the delivery still holds the drain open.
    const later = await raw(child.url);
    later.write("GET /api/v1/jobs HTTP/1.1\r\nHost: runwatch.test\r\n\r\n");
    const [refused] = await later.responses(1);
    // The rest of the delivery: answered, and its connection closed after the answer (the client
    // must not send another request down it).
    inflight.write(body.slice(200));
    const [ack] = await inflight.responses(1);
    expect(ack?.status).toBe(202);
    expect(ack?.headers["connection"]).toBe("close");
    expect(refused?.status).toBe(503);
    expect(refused?.headers["retry-after"]).toBe("5");
    expect(refused?.headers["connection"]).toBe("close");
    expect(JSON.parse(refused?.body ?? "")).toEqual({
      error: { code: "shutting_down", message: "the server is shutting down; retry shortly" },
    });

    const { code, at } = await exited;
    expect(code).toBe(0);
    // Idle after the 0.5 s hand-over; the stalled client at the 2 s grace period; nothing near the
    // 72 s keep-alive timeout.
    expect(idleClosedAt - signalledAt).toBeLessThan(1500);
    expect(at - signalledAt).toBeLessThan(8000);
    expect((await storedJob(dataDir, "github:91000001"))?.status).toBe("queued");
  }, 30_000);

  it("closes a keep-alive connection as soon as its request in flight is answered", async () => {
    const dataDir = tempDir();
    // A grace period far beyond the bound below: only closing the connection when it goes idle passes.
    const child = await start(dataDir, { RUNWATCH_SHUTDOWN_GRACE_SECONDS: "60" });
    const { head, body } = delivery(91_000_002);
    const inflight = await raw(child.url);
    inflight.write(head + body.slice(0, 200));
    await sleep(300);

    const exited = exitOf(child);
    const signalledAt = Date.now();
    child.child.kill("SIGTERM");
    await sleep(300);
    inflight.write(body.slice(200));
    const [ack] = await inflight.responses(1);
    expect(ack?.status).toBe(202);
    // Answered while draining: the client is told not to send another request down this connection.
    expect(ack?.headers["connection"]).toBe("close");

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(8000);
    expect((await storedJob(dataDir, "github:91000002"))?.status).toBe("queued");
  }, 30_000);
});

describe("a client sending too slowly", () => {
  it("gets a JSON 408 within the default 9 s request timeout, not a 400 after ~22 s", async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const slow = await raw(server.url);
    const startedAt = Date.now();
    slow.write("GET /healthz HTTP/1.1\r\nHost: runwatch.test\r\n");
    const [answer] = await slow.responses(1, 20_000);
    const elapsed = Date.now() - startedAt;
    expect(answer?.status).toBe(408);
    expect(JSON.parse(answer?.body ?? "")).toEqual({
      error: { code: "request_timeout", message: "the request was not received in time" },
    });
    await slow.closed;
    // The deadline is 9 s and Node looks for late requests every second.
    expect(elapsed).toBeGreaterThanOrEqual(8_900);
    expect(elapsed).toBeLessThan(10_500);
  }, 30_000);

  it("cuts a body that trickles past RUNWATCH_REQUEST_TIMEOUT_SECONDS with a 408", async () => {
    const server = await startTestServer({ env: { RUNWATCH_REQUEST_TIMEOUT_SECONDS: "2" } });
    cleanups.push(() => server.close());
    const { head, body } = delivery(91_000_003);
    const slow = await raw(server.url);
    const startedAt = Date.now();
    slow.write(head + body.slice(0, 100));
    const [answer] = await slow.responses(1, 10_000);
    expect(answer?.status).toBe(408);
    expect(Date.now() - startedAt).toBeLessThan(3_500);
    expect(await server.store.getJob("github:91000003")).toBeNull();
  }, 30_000);
});

describe("requests Node cannot parse", () => {
  it("are answered in the JSON error shape: garbage 400, oversized headers 431", async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const garbage = await raw(server.url);
    garbage.write("NOT-HTTP \u0001\u0002\r\n\r\n");
    const [bad] = await garbage.responses(1);
    expect(bad?.status).toBe(400);
    expect(JSON.parse(bad?.body ?? "")).toEqual({
      error: { code: "bad_request", message: "malformed request" },
    });
    const huge = await raw(server.url);
    huge.write(`GET /healthz HTTP/1.1\r\nHost: runwatch.test\r\nx-filler: ${"a".repeat(20_000)}\r\n\r\n`);
    const [tooLarge] = await huge.responses(1);
    expect(tooLarge?.status).toBe(431);
    // Even an answer Node writes for us carries a request id (a fresh one: the request's was never read).
    expect(tooLarge?.headers["x-request-id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(JSON.parse(tooLarge?.body ?? "")).toEqual({
      error: { code: "headers_too_large", message: "request headers are too large" },
    });
  });
});

describe("transport settings", () => {
  it("default to a 9 s request timeout and a 10 s shutdown grace, and refuse values out of range", () => {
    expect(loadSettings({})).toMatchObject({ requestTimeoutMs: 9_000, shutdownGraceMs: 10_000, tls: null });
    expect(loadSettings({ RUNWATCH_SHUTDOWN_GRACE_SECONDS: "0" }).shutdownGraceMs).toBe(0);
    expect(() => loadSettings({ RUNWATCH_REQUEST_TIMEOUT_SECONDS: "1" })).toThrow(
      "RUNWATCH_REQUEST_TIMEOUT_SECONDS",
    );
    expect(() => loadSettings({ RUNWATCH_SHUTDOWN_GRACE_SECONDS: "301" })).toThrow(
      "RUNWATCH_SHUTDOWN_GRACE_SECONDS",
    );
  });
});
