/**
 * Several nodes sharing one Redis (`REDIS_URL`), against a real redis-server
 * started here (`engines/redis.ts`) and real servers on spare ports sharing
 * one SQLite data folder: live updates cross nodes, a dashboard that loses its
 * node recovers what it missed on another, rate-limit budgets are shared, and
 * Redis lost at start or at run time is reported and recovered from.
 */
import { UNDER_CI } from "./engines/test-env";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { adminHeaders, ADMIN_TOKEN, fixture, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";
import { skipWithoutRedis, sparePort, startRedis, type TestRedis } from "./engines/redis";
import { startTcpProxy } from "./tcp-proxy";

// Under CI a missing redis-server fails the run; elsewhere these tests are skipped with the reason printed.
const skip = skipWithoutRedis(UNDER_CI);

/** A GitHub `workflow_job` fixture with its job id replaced. */
const variant = (name: string, id: number) => {
  const body = JSON.parse(fixture(`github/${name}`).toString("utf8"));
  body.workflow_job.id = id;
  return JSON.stringify(body);
};

const once = (socket: TestClient, event: "connect" | "disconnect", timeoutMs = 15_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });

describe.skipIf(skip)("nodes sharing Redis", () => {
  let redis: TestRedis;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-redis-"));
    const env = { REDIS_URL: redis.url };
    a = await startTestServer({ dataDir, env });
    b = await startTestServer({ dataDir, env });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("pushes a webhook received by one node to the dashboards of the other, both ways", async () => {
    // No dashboard on A yet: A must send to rooms only B's dashboards are in.
    const onB = await connectAdmin(b.url, clients);
    const seenOnB = nextUpdate(onB, "jobs:updated", (job) => job.id === "github:9160001");
    expect((await postGithub(a.url, variant("workflow_job.in_progress.3.json", 9160001))).status).toBe(202);
    const job = await seenOnB;
    expect(job.status).toBe("running");
    expect(job).toEqual(await b.store.getJob("github:9160001"));

    // Both nodes ingest into the one SQLite file.
    const onA = await connectAdmin(a.url, clients);
    const seenOnA = nextUpdate(onA, "jobs:updated", (job) => job.id === "github:9160002");
    expect((await postGithub(b.url, variant("workflow_job.queued.1.json", 9160002))).status).toBe(202);
    expect((await seenOnA).status).toBe("queued");
  });

  it("replays to a dashboard whose node went away what it missed, once it reconnects to another node", async () => {
    // A third node behind a load balancer; the dashboard reaches it only through the proxy.
    const c = await startTestServer({ dataDir, env: { REDIS_URL: redis.url } });
    const proxy = await startTcpProxy(Number(new URL(c.url).port));
    try {
      const dashboard: TestClient = connect(proxy.url, {
        transports: ["websocket"],
        forceNew: true,
        auth: { token: ADMIN_TOKEN },
        reconnectionDelay: 200,
        reconnectionDelayMax: 500,
      });
      clients.push(dashboard);
      await once(dashboard, "connect");
      expect(dashboard.recovered).toBe(false);
      // Recovery resumes from the last event received: receive one first.
      const first = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9160011");
      expect((await postGithub(a.url, variant("workflow_job.queued.1.json", 9160011))).status).toBe(202);
      await first;

      // Node C goes away, and the load balancer has no node to offer for now.
      proxy.route(null);
      const dropped = once(dashboard, "disconnect");
      await c.close();
      await dropped;

      // Meanwhile a job changes; a dashboard connected to B sees it, so it is in the shared stream.
      const watcher = await connectAdmin(b.url, clients);
      const missed = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9160012", 15_000);
      const live = nextUpdate(watcher, "jobs:updated", (job) => job.id === "github:9160012");
      expect((await postGithub(a.url, variant("workflow_job.in_progress.3.json", 9160012))).status).toBe(202);
      await live;

      // The load balancer now sends the dashboard to B, which restores its session from Redis.
      proxy.route(Number(new URL(b.url).port));
      await once(dashboard, "connect");
      expect(dashboard.recovered).toBe(true);
      expect((await missed).status).toBe("running");
    } finally {
      await proxy.close();
      await c.close().catch(() => undefined);
    }
  }, 30_000);

  it("ends on every node the live connections of a key revoked on one", async () => {
    const created = await fetch(`${a.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ name: "wallboard", scopes: ["read"] }),
    });
    expect(created.status).toBe(201);
    const { key, secret } = (await created.json()) as { key: { id: string }; secret: string };
    const open = (url: string, token: string) => {
      const socket: TestClient = connect(url, { transports: ["websocket"], forceNew: true, auth: { token } });
      clients.push(socket);
      return once(socket, "connect").then(() => socket);
    };
    const revokedOnB = await open(b.url, secret);
    const adminOnB = await connectAdmin(b.url, clients);
    // The subscription moves the socket between update rooms; its credential's rooms stay.
    await revokedOnB.emitWithAck("subscribe", { repos: ["octo-org/example-workflow"] });
    const ended = once(revokedOnB, "disconnect");
    // Revoked through node A: node B ends its socket, and only that one.
    expect(
      (await fetch(`${a.url}/api/v1/keys/${key.id}`, { method: "DELETE", headers: adminHeaders })).status,
    ).toBe(204);
    await ended;
    expect(revokedOnB.connected).toBe(false);
    expect(adminOnB.connected).toBe(true);
  });

  it("tells dashboards they are disconnected while Redis is down, and works again once it is back", async () => {
    const onB = await connectAdmin(b.url, clients);
    const readyz = async (url: string) => {
      const answer = await fetch(`${url}/readyz`);
      return {
        status: answer.status,
        redis: ((await answer.json()) as { checks: { redis?: string } }).checks.redis,
      };
    };
    const redisUp = async (url: string) => {
      const text = await (await fetch(`${url}/metrics`, { headers: adminHeaders })).text();
      return /^runwatch_dependency_up\{dependency="redis"\} (\d)/m.exec(text)?.[1];
    };
    expect(await readyz(b.url)).toEqual({ status: 200, redis: "ok" });
    expect(await redisUp(b.url)).toBe("1");
    const disconnected = once(onB, "disconnect");
    await redis.stop();
    await disconnected;
    // Not ready while Redis is down: the load balancer should send dashboards elsewhere.
    expect(await readyz(b.url)).toEqual({ status: 503, redis: "error" });
    // Ingest does not need Redis: a delivery is still stored and acknowledged.
    expect((await postGithub(a.url, variant("workflow_job.queued.1.json", 9160021))).status).toBe(202);
    expect((await a.store.getJob("github:9160021"))?.status).toBe("queued");
    // So do rate limits: each node falls back to its own bucket rather than refusing or stalling.
    expect((await fetch(`${b.url}/api/v1/auth/me`)).status).toBe(200);

    await redis.restart();
    // The dashboard reconnects by itself once Redis (and so the node) is back.
    await once(onB, "connect", 20_000);
    const seen = nextUpdate(onB, "jobs:updated", (job) => job.id === "github:9160022", 10_000);
    // Node A's publishing connection may still be backing off: retry the delivery until it crosses.
    const deadline = Date.now() + 10_000;
    let received = false;
    void seen.then(() => (received = true)).catch(() => undefined);
    for (let id = 0; !received && Date.now() < deadline; id++) {
      const delivery = `redis-back-${id}`;
      expect(
        (await postGithub(a.url, variant("workflow_job.in_progress.3.json", 9160022), { delivery })).status,
      ).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await seen).status).toBe("running");
    expect(await readyz(b.url)).toEqual({ status: 200, redis: "ok" });
  }, 45_000);
});

describe.skipIf(skip)("rate limits shared through Redis", () => {
  let redis: TestRedis;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;
  // One manual clock for both nodes: no bucket refills mid-test, so the counts are exact.
  const clock = manualClock(Date.parse("2026-04-01T00:00:00Z"));

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-redis-"));
    const env = { REDIS_URL: redis.url, RUNWATCH_RATE_LIMIT_API: "20" };
    a = await startTestServer({ dataDir, env, clock });
    b = await startTestServer({ dataDir, env, clock });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses on one node a budget spent on the other", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${a.url}/api/v1/auth/me`)).status);
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${b.url}/api/v1/auth/me`)).status);
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    const refused = await fetch(`${b.url}/api/v1/auth/me`);
    expect(refused.status).toBe(429);
    // 20 a minute is one token every 3 s; the shared bucket is empty and the clock has not moved.
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await fetch(`${a.url}/api/v1/auth/me`)).status).toBe(429);
    // Three seconds later the one bucket holds exactly one more request, whichever node asks.
    clock.advance(3_000);
    expect((await fetch(`${b.url}/api/v1/auth/me`)).status).toBe(200);
    expect((await fetch(`${a.url}/api/v1/auth/me`)).status).toBe(429);
  });

  it("grants a refilled budget exactly once when both nodes spend it at the same time", async () => {
    clock.advance(60_000);
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${i % 2 ? a.url : b.url}/api/v1/auth/me`)),
    );
    const statuses = all.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBe(20);
    expect(statuses.filter((status) => status === 429).length).toBe(10);
  });
});

describe.skipIf(skip)("Redis unreachable at start", () => {
  it("stops start-up with an error naming REDIS_URL and the failure, exit code 1", async () => {
    const port = await sparePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-redis-"));
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        RUNWATCH_DATA_DIR: dataDir,
        RUNWATCH_LOG_LEVEL: "silent",
        REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `runwatch: failed to start: REDIS_URL: cannot connect to Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(stderr).not.toContain("hunter2");
  }, 30_000);
});
