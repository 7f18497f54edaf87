/**
 * The engines under two Runwatch processes restarted mid-burst, both nodes up
 * throughout (`nodes.ts`): Redis stopped and started again on its port loses
 * no acknowledged delivery, and dashboards are told they are disconnected and
 * come back; PostgreSQL stopped and started again (a cluster of this file's
 * own: the shared one serves other files) answers 503 + Retry-After on both
 * nodes while it is down — never a 2xx for something not stored — with
 * `/readyz` false, and both recover by themselves. Skipped, with the reason
 * printed, without PostgreSQL or Redis binaries; under CI=true their absence
 * fails the run instead.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgresCluster } from "./engines/postgres";
import { startRedis } from "./engines/redis";
import { postGithub } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";
import { POSTGRES, skipNodeTests } from "./node-pair";
import { missingJobs, queuedJob, startNodes } from "./nodes";

const skip = skipNodeTests("the node restart tests");

/** One answer of the burst. */
interface Answer {
  id: number;
  node: number;
  status: number | "none";
  retryAfter: string | null;
  at: number;
}

/**
 * Sends queued-job deliveries (job ids from `firstId`, one delivery each) from
 * `workers` senders spread over `urls`, one at a time each, until `stop()` or
 * `max` deliveries; a sender refused waits 50 ms before its next one.
 */
function startBurst(urls: string[], firstId: number, workers = 8, max = 600) {
  const answers: Answer[] = [];
  let sending = true;
  let next = 0;
  const running = Array.from({ length: workers }, async (_, w) => {
    const node = w % urls.length;
    while (sending && next < max) {
      const id = firstId + next++;
      const answer: Answer = { id, node, status: "none", retryAfter: null, at: 0 };
      try {
        const response = await postGithub(urls[node]!, queuedJob(id));
        await response.arrayBuffer();
        answer.status = response.status;
        answer.retryAfter = response.headers.get("retry-after");
      } catch {
        // No answer at all: recorded as "none", which the tests refuse.
      }
      answer.at = Date.now();
      answers.push(answer);
      if (answer.status !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    answers,
    /** How many deliveries were answered `status` after `since` (by `node` when given). */
    count: (status: number, since = 0, node?: number) =>
      answers.filter((a) => a.status === status && a.at > since && (node === undefined || a.node === node))
        .length,
    async stop() {
      sending = false;
      await Promise.all(running);
    },
  };
}

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  const { checks } = (await response.json()) as { checks: { database: string; redis?: string } };
  return { status: response.status, database: checks.database, redis: checks.redis };
};

const cleanups: (() => Promise<void> | void)[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe.skipIf(skip)("engines restarted under two Runwatch processes", () => {
  it("loses nothing acknowledged across a Redis restart, and dashboards are told and come back", async () => {
    const database = await POSTGRES.create();
    cleanups.push(() => database.remove());
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const group = await startNodes({ databaseUrl: database.databaseUrl!, redisUrl: redis.url }, 2);
    cleanups.push(() => group.stopAll());
    const [a, b] = group.nodes as [(typeof group.nodes)[0], (typeof group.nodes)[0]];
    const dashboard = await connectAdmin(b.url, clients);
    // Retry soon after a refused handshake (the default backoff grows to 5 s).
    dashboard.io.reconnectionDelayMax(1000);
    const t0 = Date.now();
    const burst = startBurst([a.url, b.url], 9_180_000);
    cleanups.push(() => burst.stop());

    await expect.poll(() => burst.count(202), { timeout: 15_000 }).toBeGreaterThan(20);
    const disconnected = new Promise<void>((resolve) => dashboard.once("disconnect", () => resolve()));
    await redis.stop();
    const down = Date.now();
    await disconnected;
    expect(await readyz(b.url)).toEqual({ status: 503, database: "ok", redis: "error" });
    // Ingest needs only the database: both nodes keep acknowledging while Redis is away.
    await expect.poll(() => burst.count(202, down, 0), { timeout: 15_000 }).toBeGreaterThan(10);
    await expect.poll(() => burst.count(202, down, 1), { timeout: 15_000 }).toBeGreaterThan(10);

    const restartAt = Date.now();
    await redis.restart();
    const connected = new Promise<void>((resolve) => dashboard.once("connect", () => resolve()));
    await connected;
    // Live again: a job posted to A reaches the dashboard on B (A's publisher may still be backing off).
    let received = false;
    const seen = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9189999", 20_000);
    void seen.then(() => (received = true)).catch(() => undefined);
    for (let i = 0; !received && i < 60; i++) {
      expect((await postGithub(a.url, queuedJob(9_189_999), { delivery: `redis-back-${i}` })).status).toBe(
        202,
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await seen).status).toBe("queued");
    const liveAt = Date.now();
    await burst.stop();

    expect(burst.answers.filter((answer) => answer.status !== 202)).toEqual([]);
    const acked = burst.answers.map((answer) => answer.id);
    expect(await missingJobs(b.url, acked)).toEqual([]);
    expect(await readyz(a.url)).toEqual({ status: 200, database: "ok", redis: "ok" });
    expect(await readyz(b.url)).toEqual({ status: 200, database: "ok", redis: "ok" });
    console.log(
      `nodes redis restart: ${burst.answers.length} acknowledged; down after ${down - t0} ms, ` +
        `restarted after ${restartAt - down} ms, live again ${liveAt - restartAt} ms later`,
    );
  }, 120_000);

  it("answers 503 with Retry-After on both nodes while PostgreSQL restarts, stores every 2xx, and recovers", async () => {
    const cluster = await startPostgresCluster(findPostgresBin()!);
    cleanups.push(() => cluster.stop());
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE runwatch");
    await admin.end();
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const group = await startNodes({ databaseUrl: cluster.url("runwatch"), redisUrl: redis.url }, 2);
    cleanups.push(() => group.stopAll());
    const [a, b] = group.nodes as [(typeof group.nodes)[0], (typeof group.nodes)[0]];
    const t0 = Date.now();
    const burst = startBurst([a.url, b.url], 9_190_000);
    cleanups.push(() => burst.stop());

    await expect.poll(() => burst.count(202), { timeout: 15_000 }).toBeGreaterThan(20);
    await cluster.pause();
    const down = Date.now();
    await expect.poll(() => burst.count(503, down, 0), { timeout: 15_000 }).toBeGreaterThan(3);
    await expect.poll(() => burst.count(503, down, 1), { timeout: 15_000 }).toBeGreaterThan(3);
    for (const node of [a, b]) {
      expect(await readyz(node.url)).toEqual({ status: 503, database: "error", redis: "ok" });
    }
    await cluster.resume();
    const up = Date.now();
    await expect.poll(() => burst.count(202, up, 0), { timeout: 20_000 }).toBeGreaterThan(10);
    await expect.poll(() => burst.count(202, up, 1), { timeout: 20_000 }).toBeGreaterThan(10);
    const recovered = Date.now();
    await burst.stop();

    expect(new Set(burst.answers.map((answer) => answer.status))).toEqual(new Set([202, 503]));
    expect(burst.answers.filter((a) => a.status === 503 && a.retryAfter !== "5")).toEqual([]);
    // Every acknowledged delivery is stored (read through B), none refused is.
    const acked = burst.answers.filter((answer) => answer.status === 202).map((answer) => answer.id);
    const refused = burst.answers.filter((answer) => answer.status === 503).map((answer) => answer.id);
    expect(await missingJobs(b.url, acked)).toEqual([]);
    expect((await missingJobs(a.url, refused)).sort()).toEqual(refused.sort());
    for (const node of [a, b]) {
      expect(await readyz(node.url)).toEqual({ status: 200, database: "ok", redis: "ok" });
    }
    console.log(
      `nodes postgres restart: ${acked.length} acknowledged, ${refused.length} refused 503; ` +
        `down after ${down - t0} ms, resumed after ${up - down} ms, both nodes recovered ${recovered - up} ms later`,
    );
  }, 120_000);
});
