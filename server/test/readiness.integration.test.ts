/**
 * `/readyz` over real HTTP, in each of its states: ready; a migration missing
 * from the database (a row taken out of Kysely's table by another connection
 * to the same file); the database not answering (the store closed under the
 * running server); draining (shutdown begun while a delivery is in flight,
 * which holds the drain open while the probes are sent). `/healthz` stays 200 while draining.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SQLITE_FILE } from "../store/sqlite";
import { fixtureJson, githubSignature, startTestServer, type TestServer } from "./helpers";
import { openRaw } from "./raw-http";
import { SERVE_WHILE_LEAVING_MS } from "../http/drain";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  return server;
}

async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("/readyz", () => {
  it("is 200 with every check ok when the node is ready", async () => {
    const server = await start();
    expect(await readyz(server.url)).toEqual({
      status: 200,
      body: { status: "ready", ready: true, checks: { database: "ok", migrations: "ok", draining: false } },
    });
  });

  it("is 503 migrations pending while the database lacks a migration this version has, 200 once it has it", async () => {
    const server = await start();
    const file = new SqliteDatabase(path.join(server.dataDir, SQLITE_FILE));
    cleanups.push(() => void file.close());
    const row = file.prepare("SELECT * FROM kysely_migration WHERE name = ?").get("0017_leases");
    file.prepare("DELETE FROM kysely_migration WHERE name = ?").run("0017_leases");

    expect(await readyz(server.url)).toEqual({
      status: 503,
      body: {
        status: "unavailable",
        ready: false,
        checks: { database: "ok", migrations: "pending", draining: false },
        error: { code: "not_ready", message: "not ready: migrations pending" },
      },
    });
    file.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES (@name, @timestamp)").run(row);
    expect((await readyz(server.url)).status).toBe(200);
  });

  it("is 503 database error when the database does not answer", async () => {
    const server = await start();
    await server.store.close();
    expect(await readyz(server.url)).toEqual({
      status: 503,
      body: {
        status: "unavailable",
        ready: false,
        checks: { database: "error", migrations: "error", draining: false },
        error: { code: "not_ready", message: "not ready: database error, migrations error" },
      },
    });
  });

  it("is 503 draining once shutdown begins, while /healthz stays 200 and other requests are served through the hand-over, then get 503 shutting_down", async () => {
    const server = await startTestServer({ env: { RUNWATCH_SHUTDOWN_GRACE_SECONDS: "10" } });
    // A delivery in flight (half its body sent) holds the drain open.
    const payload = fixtureJson<{ workflow_job: Record<string, unknown> }>(
      "github/workflow_job.queued.1.json",
    );
    Object.assign(payload.workflow_job, { id: 92_000_001, run_id: 92_000_001 });
    const body = JSON.stringify(payload);
    const connection = await openRaw(server.url);
    cleanups.push(() => void connection.socket.destroy());
    connection.write(
      `POST /api/v1/webhooks/github HTTP/1.1\r\nHost: runwatch.test\r\ncontent-type: application/json\r\n` +
        `x-github-event: workflow_job\r\nx-github-delivery: ready-1\r\n` +
        `x-hub-signature-256: ${githubSignature(body)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 100),
    );
    await sleep(200);
    const closed = server.close();
    const get = async (url: string) => {
      const probe = await openRaw(server.url);
      cleanups.push(() => void probe.socket.destroy());
      probe.write(`GET ${url} HTTP/1.1\r\nHost: runwatch.test\r\n\r\n`);
      const [answer] = await probe.responses(1);
      return {
        status: answer?.status,
        connection: answer?.headers["connection"],
        body: JSON.parse(answer?.body ?? ""),
      };
    };
    expect(await get("/readyz")).toEqual({
      status: 503,
      connection: "close",
      body: {
        status: "unavailable",
        ready: false,
        checks: { database: "ok", migrations: "ok", draining: true },
        error: { code: "not_ready", message: "not ready: draining" },
      },
    });
    expect(await get("/healthz")).toEqual({ status: 200, connection: "close", body: { status: "ok" } });
    // The hand-over (a quarter of the 10 s grace, at most 2 s): still served, so a balancer that has
    // not yet seen /readyz false causes no 5xx.
    expect(await get("/api/v1/jobs")).toMatchObject({ status: 401, connection: "close" });
    await sleep(SERVE_WHILE_LEAVING_MS + 100);
    expect(await get("/api/v1/jobs")).toMatchObject({
      status: 503,
      body: { error: { code: "shutting_down" } },
    });

    // The delivery in flight is still answered, and its connection closed after the answer.
    connection.write(body.slice(100));
    const [ack] = await connection.responses(1);
    expect(ack?.status).toBe(202);
    expect(ack?.headers["connection"]).toBe("close");
    await closed;
  });
});
