/**
 * The engines section of `npm run bench` (issue 16): the same ingest load and
 * the same push test on Runwatch over SQLite (one node), over PostgreSQL +
 * Redis (one node), and over two nodes sharing them (two child processes; the
 * load split evenly across them, the dashboards on the node that did NOT
 * receive the webhooks, so every update crosses Redis). The bench starts its
 * own throwaway PostgreSQL cluster and redis-server (the tests' helpers) and
 * skips the shared-engine runs, saying why, when their binaries are absent.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  findPostgresBin,
  startPostgresCluster,
  type PostgresCluster,
} from "../../server/test/engines/postgres";
import { redisUnavailable, startRedis, type TestRedis } from "../../server/test/engines/redis";
import { startRunwatch, type ChildServer } from "./child";
import { deliveryStream } from "./deliveries";
import { closedLoop, type LoadResult } from "./load-client";
import type { Outcome } from "./live";
import type { BenchOptions } from "./options";
import { measurePush, type PushResult } from "./push-run";
import { latencyOf, type Latency } from "./stats";

/** One engine set-up, as measured. */
export interface EngineRun {
  name: string;
  nodes: number;
  /** Acknowledged deliveries per second, all nodes together, over every round. */
  perSecond: number;
  ackLatency: Latency;
  failed: number;
  statuses: Record<string, number>;
  /** Webhooks per second in its push test (see `pushRate`). */
  pushRate: number;
  /** Webhooks to the first node, dashboards on the last. */
  push: Outcome<PushResult>;
}

/** What the engines section measured; `skipped` says why the shared-engine runs are missing. */
export interface EnginesResults {
  connections: number;
  dashboards: number;
  runs: { name: string; outcome: Outcome<EngineRun> }[];
  skipped: string | null;
}

/**
 * Webhooks per second in a set-up's push test: half the rate it just sustained, at most 100, so the
 * latency measured is the push path's, not a queue's (a shared machine's load varies by the minute).
 */
export function pushRate(perSecond: number): number {
  return Math.max(5, Math.min(100, Math.round(perSecond / 2)));
}
const WEBHOOK_PATH = "/api/v1/webhooks/github";

/** Why the PostgreSQL + Redis runs cannot happen here, or null. */
export function sharedEnginesUnavailable(): string | null {
  if (findPostgresBin() === null)
    return "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or PATH; Debian: apt-get install postgresql)";
  return redisUnavailable();
}

/** Runs the section: SQLite, then (when the binaries exist) PostgreSQL + Redis on one node and on two. */
export async function runEngines(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<EnginesResults> {
  const plan = options.live;
  const dashboards = Math.min(options.dashboards, 100);
  const results: EnginesResults = {
    connections: plan.connections,
    dashboards,
    runs: [],
    skipped: sharedEnginesUnavailable(),
  };
  const folders: string[] = [];
  const folder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-bench-engines-"));
    folders.push(dir);
    return dir;
  };
  let firstJobId = 8_000_000_000;
  const measure = async (name: string, start: () => Promise<ChildServer[]>) => {
    const outcome = await attempt(name, log, async () => {
      const nodes = await start();
      try {
        firstJobId += 100_000_000;
        return await measureNodes(name, nodes, options, dashboards, firstJobId, log);
      } finally {
        for (const node of nodes) await node.stop();
      }
    });
    results.runs.push({ name, outcome });
  };

  let cluster: PostgresCluster | null = null;
  let redis: TestRedis | null = null;
  try {
    await measure("SQLite, 1 node", async () => [await startRunwatch(folder(), false)]);
    if (results.skipped !== null) {
      log(`  PostgreSQL + Redis runs skipped: ${results.skipped}`);
      return results;
    }
    cluster = await startPostgresCluster(findPostgresBin() as string);
    redis = await startRedis();
    const shared = async (database: string): Promise<Record<string, string>> => {
      await createDatabase((cluster as PostgresCluster).url("postgres"), database);
      return {
        DATABASE_URL: (cluster as PostgresCluster).url(database),
        REDIS_URL: (redis as TestRedis).url,
        // Every node of one install shares the audit key (docs/postgres.md).
        RUNWATCH_AUDIT_KEY: randomBytes(32).toString("hex"),
      };
    };
    const env1 = await shared("bench_one");
    await measure("PostgreSQL + Redis, 1 node", async () => [await startRunwatch(folder(), false, env1)]);
    const env2 = await shared("bench_two");
    await measure("PostgreSQL + Redis, 2 nodes", async () => {
      // One at a time: the first migrates the empty database, the second finds it done.
      const a = await startRunwatch(folder(), false, env2);
      try {
        return [a, await startRunwatch(folder(), false, env2)];
      } catch (error) {
        await a.stop();
        throw error;
      }
    });
    return results;
  } finally {
    await redis?.stop();
    cluster?.stop();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** Ingest (closed loop, connections split across `nodes`) then push (webhooks to the first, dashboards on the last). */
async function measureNodes(
  name: string,
  nodes: ChildServer[],
  options: BenchOptions,
  dashboards: number,
  firstJobId: number,
  log: (line: string) => void,
): Promise<EngineRun> {
  const plan = options.live;
  const stream = deliveryStream({ firstJobId, firstRunId: firstJobId });
  const perNode = Math.max(1, Math.floor(plan.connections / nodes.length));
  const round = (durationMs: number) =>
    Promise.all(
      nodes.map((node) =>
        closedLoop({
          url: `${node.url}${WEBHOOK_PATH}`,
          connections: perNode,
          durationMs,
          next: () => stream.next(),
        }),
      ),
    );
  await round(1_000); // Untimed warm-up: JIT, connection pools, page caches.
  const loads: LoadResult[][] = [];
  for (let i = 0; i < plan.rounds; i++) loads.push(await round(plan.roundMs));
  const all = loads.flat();
  const ok = all.reduce((sum, l) => sum + l.ok, 0);
  // Each round lasts as long as its slowest node's load.
  const ms = loads.reduce((sum, r) => sum + Math.max(...r.map((l) => l.elapsedMs)), 0);
  const statuses: Record<string, number> = {};
  for (const l of all)
    for (const [status, n] of Object.entries(l.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const perSecond = ms > 0 ? (ok * 1000) / ms : 0;
  const failed = all.reduce((sum, l) => sum + l.failed, 0);
  log(
    `  ${name}: ${Math.round(perSecond).toLocaleString("en-US")} deliveries/s${failed ? `, ${failed} failed` : ""}`,
  );
  const rate = pushRate(perSecond);
  const push = await attempt(`${name} push`, log, () =>
    measurePush(nodes.at(-1) as ChildServer, {
      dashboards,
      rate,
      durationMs: plan.push.durationMs,
      graceMs: plan.push.graceMs,
      firstJobId: firstJobId + 50_000_000,
      webhooks: nodes[0],
      log,
    }),
  );
  if (push.ok)
    log(
      `  ${name} push: p50 ${push.value.latency.p50.toFixed(1)} ms, p99 ${push.value.latency.p99.toFixed(1)} ms, ` +
        `delivered ${push.value.deliveredPct.toFixed(2)}%`,
    );
  return {
    name,
    nodes: nodes.length,
    perSecond,
    ackLatency: latencyOf(all.flatMap((l) => l.latencies)),
    failed,
    statuses,
    pushRate: rate,
    push,
  };
}

async function attempt<T>(
  name: string,
  log: (line: string) => void,
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    log(`  ${name} failed: ${text}`);
    return { ok: false, error: text };
  }
}
