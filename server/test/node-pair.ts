/**
 * The vitest side of the two-process node tests (`nodes.ts` starts the
 * processes): whether they can run here, one PostgreSQL database and one
 * Redis per test file, two fresh nodes per test, and the sockets, proxies and
 * nodes of each test ended after it.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { skipWithoutRedis, startRedis, type TestRedis } from "./engines/redis";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { UNDER_CI } from "./engines/test-env";
import type { TestClient } from "./live-updates";
import { startNodes, type Node, type NodeGroup } from "./nodes";

/** The PostgreSQL engine of this run (its `skip` says why it cannot run, or null). */
export const POSTGRES = STORE_ENGINES.find((engine) => engine.name === "postgres")!;

/**
 * Whether to skip the node tests, printing why (`what` names them): without
 * PostgreSQL or Redis binaries; under CI=true a missing one throws instead.
 */
export function skipNodeTests(what: string): boolean {
  if (POSTGRES.skip !== null) {
    console.warn(`skipping ${what}: ${POSTGRES.skip}`);
    return true;
  }
  return skipWithoutRedis(UNDER_CI);
}

/** What a test of the file gets. */
export interface NodePair {
  /** Starts `count` (default two) fresh nodes over the file's database and Redis; `env` adds settings to each. */
  start(env?: Record<string, string>, count?: number): Promise<[Node, Node, ...Node[]]>;
  /** Sockets to disconnect after the test. */
  clients: TestClient[];
  /** Run after the test, last first (proxies, listeners), before its nodes are ended. */
  cleanups: (() => Promise<void>)[];
}

/** Registers the hooks (call inside the file's `describe`) and returns what the tests use. */
export function useNodePair(): NodePair {
  let database: TestDatabase;
  let redis: TestRedis;
  const groups: NodeGroup[] = [];
  const clients: TestClient[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    [database, redis] = await Promise.all([POSTGRES.create(), startRedis()]);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    while (cleanups.length > 0) await cleanups.pop()?.();
    for (const group of groups.splice(0)) await group.stopAll();
  });
  afterAll(async () => {
    await redis?.stop();
    await database?.remove();
  });
  return {
    clients,
    cleanups,
    async start(env = {}, count = 2) {
      const group = await startNodes({ databaseUrl: database.databaseUrl!, redisUrl: redis.url }, count, env);
      groups.push(group);
      return group.nodes as [Node, Node, ...Node[]];
    },
  };
}

/** The port of a node's (or proxy's) URL. */
export const portOf = (url: string) => Number(new URL(url).port);

/** Resolves on the socket's next `event`; rejects after `timeoutMs`. */
export const once = (socket: TestClient, event: "connect" | "disconnect", timeoutMs = 15_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
