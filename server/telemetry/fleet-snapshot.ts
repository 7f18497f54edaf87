/**
 * The scrape-time half of the export: the queue and the fleet per label pool,
 * and whether each dependency answers. Read from the store when scraped —
 * never kept up per event — and cached for a few seconds, so several
 * Prometheus servers (or a scrape storm) cost one set of reads.
 *
 * The reads are the ones the Queue and Runners pages use: the waiting jobs
 * (at most 5,000, oldest first), the jobs running now (through the status
 * index), and the runner registry judged by `effectiveRunner` (silent idle
 * runners offline, retired ones left out). Pools are named as on those pages.
 */
import { poolOf, type RunnerStatus } from "../../lib/runner";
import type { Clock } from "../domain/clock";
import type { Job } from "../../lib/job";
import type { PoolDemand } from "../../lib/stall";
import { poolDemands } from "../domain/pool-demand";
import { effectiveRunner } from "../domain/runner-state";
import type { FleetReads, MetricsStore } from "../store/store";

/** One label pool now. */
export interface PoolFigures {
  /** Jobs queued or waiting. */
  queued: number;
  running: number;
  /** How long the oldest job with a known queue time has waited, seconds; null when none has. */
  oldestWaitingSeconds: number | null;
  runners: Record<RunnerStatus, number>;
}

/** Everything read at one scrape. */
export interface FleetSnapshot {
  /** By pool name (already capped); empty when the reads failed. */
  pools: Map<string, PoolFigures>;
  /** Each dependency, and whether it answered its check. */
  dependencies: Record<string, boolean>;
  /** The demand signal per pool, by the pool's own name (see `poolDemands`); empty when the reads failed. */
  demand: PoolDemand[];
}

/** A dependency's cheap check: resolves when it answers. */
export type DependencyCheck = () => Promise<void>;

/** What a snapshot is read from. */
export interface FleetSnapshotDeps {
  store: Pick<MetricsStore, "waitingJobs" | "runnerActivity"> &
    Pick<FleetReads, "listRunners" | "runningJobs">;
  clock: Clock;
  runnerOfflineAfterMs: number;
  /** Checks by dependency name (`database`; `redis` when one is configured). */
  checks: Record<string, DependencyCheck>;
  /** Names a pool in the export (the label cap, `label-cap.ts`). */
  poolLabel: (pool: string) => string;
  /** A check that has not answered within this is down, ms (default 2000). */
  checkTimeoutMs?: number;
}

const emptyPool = (): PoolFigures => ({
  queued: 0,
  running: 0,
  oldestWaitingSeconds: null,
  runners: { busy: 0, idle: 0, offline: 0 },
});

/** Resolves true when the check answers within the timeout, false otherwise; never rejects. */
async function answers(check: DependencyCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the pools from the store. */
async function readPools(deps: FleetSnapshotDeps): Promise<Map<string, PoolFigures>> {
  const now = deps.clock.now();
  const [waiting, active, runners] = await Promise.all([
    deps.store.waitingJobs({}),
    // Running now, whole jobs: a job an admin marked lost (`lostMarkedAt`) is left out below.
    deps.store.runningJobs(),
    deps.store.listRunners(),
  ]);
  const pools = new Map<string, PoolFigures>();
  const poolNamed = (name: string) => {
    const label = deps.poolLabel(name);
    let pool = pools.get(label);
    if (!pool) pools.set(label, (pool = emptyPool()));
    return pool;
  };
  for (const job of waiting) {
    // A job an admin marked lost has left the queue figures.
    if (job.lostMarkedAt) continue;
    const pool = poolNamed(poolOf(job.runner.labels, job.runner.group));
    pool.queued += 1;
    const queuedAt = job.queuedAt === null ? NaN : Date.parse(job.queuedAt);
    if (Number.isNaN(queuedAt)) continue;
    const waited = Math.max(0, (now - queuedAt) / 1000);
    pool.oldestWaitingSeconds = Math.max(pool.oldestWaitingSeconds ?? 0, waited);
  }
  for (const job of active) {
    // A job an admin marked lost has left the queue figures.
    if (job.lostMarkedAt) continue;
    poolNamed(poolOf(job.runner.labels, job.runner.group)).running += 1;
  }
  for (const stored of runners) {
    const runner = effectiveRunner(stored, now, deps.runnerOfflineAfterMs);
    if (runner.retired) continue;
    poolNamed(poolOf(runner.labels, runner.group)).runners[runner.status] += 1;
  }
  return pools;
}

/** The demand of every pool a job waits or runs in, or a runner serves (as `GET /pools/{pool}/demand`). */
async function readDemand(deps: FleetSnapshotDeps): Promise<PoolDemand[]> {
  const now = deps.clock.now();
  const [waiting, running, stored] = await Promise.all([
    deps.store.waitingJobs({}),
    deps.store.runningJobs(),
    deps.store.listRunners(),
  ]);
  const runners = stored
    .map((r) => effectiveRunner(r, now, deps.runnerOfflineAfterMs))
    .filter((r) => !r.retired);
  const known = runners.map((r) => poolOf(r.labels, r.group));
  const live = (job: Job) => !job.lostMarkedAt;
  return [...poolDemands(waiting.filter(live), running.filter(live), runners, known).values()];
}

/**
 * Reads one snapshot. Never rejects: failed reads leave the pools empty (the
 * database check says why), so a scrape still answers with what it knows.
 */
export async function readFleetSnapshot(deps: FleetSnapshotDeps): Promise<FleetSnapshot> {
  const timeoutMs = deps.checkTimeoutMs ?? 2000;
  const names = Object.keys(deps.checks);
  const [pools, demand, ...up] = await Promise.all([
    readPools(deps).catch(() => new Map<string, PoolFigures>()),
    readDemand(deps).catch((): PoolDemand[] => []),
    ...names.map((name) => answers(deps.checks[name] as DependencyCheck, timeoutMs)),
  ]);
  return {
    pools,
    demand,
    dependencies: Object.fromEntries(names.map((name, i) => [name, up[i] === true])),
  };
}

/**
 * Caches a snapshot reader: a read younger than `ttlMs` is reused, and
 * scrapes that arrive while one read is under way share it.
 */
export function cachedSnapshot(
  read: () => Promise<FleetSnapshot>,
  ttlMs: number,
): () => Promise<FleetSnapshot> {
  let latest: { at: number; snapshot: Promise<FleetSnapshot> } | null = null;
  return () => {
    const now = performance.now();
    if (latest && now - latest.at < ttlMs) return latest.snapshot;
    latest = { at: now, snapshot: read() };
    return latest.snapshot;
  };
}
