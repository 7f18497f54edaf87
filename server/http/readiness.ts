/**
 * Readiness: whether this node should be sent traffic. Each check names one
 * thing the node needs (the database answers, its migrations are all applied,
 * it is not draining; the Redis helper adds `redis`); `/readyz` runs them all
 * at once and is ready only when every one is. A check that throws or takes
 * longer than {@link CHECK_TIMEOUT_MS} reads `"error"`: a probe must answer
 * quickly even when the database hangs.
 */
import type { RedisConnection } from "../redis/redis-connection";
import type { StoreLifecycle } from "../store/store";

/** What one check shows in `checks`: a word (`ok`, `error`, `pending`) or a flag (`draining`). */
export type CheckValue = string | boolean;

/** One readiness check. */
export interface ReadinessCheck {
  /** Its key in the report's `checks`. */
  name: string;
  /** What it found, and whether that allows the node to be ready. May throw: that reads `error`. */
  run(): Promise<{ value: CheckValue; ready: boolean }>;
}

/** What `/readyz` answers. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckValue>;
}

/** Longest a check may take before it reads `error`, ms. */
export const CHECK_TIMEOUT_MS = 2000;

/** The database answers a trivial query: `ok` or `error`. */
export function databaseCheck(store: Pick<StoreLifecycle, "ping">): ReadinessCheck {
  return {
    name: "database",
    run: async () => {
      await store.ping();
      return { value: "ok", ready: true };
    },
  };
}

/** Every migration this code knows is applied: `ok` or `pending` (`error` when the database cannot tell). */
export function migrationsCheck(store: Pick<StoreLifecycle, "pendingMigrations">): ReadinessCheck {
  return {
    name: "migrations",
    run: async () => {
      const pending = await store.pendingMigrations();
      return pending.length === 0 ? { value: "ok", ready: true } : { value: "pending", ready: false };
    },
  };
}

/** Whether shutdown has begun: `true` turns the node unready, so load balancers stop sending it work. */
export function drainingCheck(draining: () => boolean): ReadinessCheck {
  return {
    name: "draining",
    run: async () => {
      const value = draining();
      return { value, ready: !value };
    },
  };
}

/** Runs every check at once; ready when each one is. */
export async function readiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => withTimeout(check.run())));
  return {
    ready: results.every((result) => result.ready),
    checks: Object.fromEntries(checks.map((check, i) => [check.name, results[i]?.value ?? "error"])),
  };
}

const FAILED = { value: "error", ready: false } as const;

function withTimeout(run: Promise<{ value: CheckValue; ready: boolean }>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof FAILED>((resolve) => {
    timer = setTimeout(() => resolve(FAILED), CHECK_TIMEOUT_MS);
  });
  return Promise.race([run.catch(() => FAILED), timeout]).finally(() => clearTimeout(timer));
}

/** The words of a 503: which checks failed, e.g. `not ready: database error, draining`. */
export function notReadyMessage(report: ReadinessReport): string {
  const failing = Object.entries(report.checks)
    .filter(([name, value]) => (name === "draining" ? value === true : value !== "ok"))
    .map(([name, value]) => (typeof value === "boolean" ? name : `${name} ${value}`));
  return `not ready: ${failing.join(", ")}`;
}

/**
 * Redis answers a PING (when `REDIS_URL` is set): `ok` or `error`. While it is
 * down this node cannot reach the others' dashboards nor share rate limits,
 * so the load balancer should send traffic elsewhere.
 */
export function redisCheck(redis: Pick<RedisConnection, "client">): ReadinessCheck {
  return {
    name: "redis",
    run: async () => {
      await redis.client.ping();
      return { value: "ok", ready: true };
    },
  };
}
