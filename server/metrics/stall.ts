/**
 * The stall radar and the demand signal, read from the store: the reads the
 * Queue metrics make, plus the jobs running now and a week of delivery times,
 * handed to the pure `diagnose` and `poolDemands`. Used by
 * `GET /api/v1/metrics/queue` (diagnoses per pool and overall), the demand
 * route, the Prometheus `runwatch_pool_*` gauges and the alert tick.
 */
import type { Job, JobSource } from "../../lib/job";
import { poolOf, type Runner, type RunnerKind } from "../../lib/runner";
import type { Diagnosis, PoolDemand, PoolRunner } from "../../lib/stall";
import { canServe } from "../domain/capacity";
import { poolDemands } from "../domain/pool-demand";
import { poolKindOf } from "../domain/runner-kind";
import { effectiveRunner } from "../domain/runner-state";
import { diagnose, type PoolHistory } from "../domain/stall-radar";
import type { RunnerActivity } from "../store/metric-lists";
import type { FleetReads, MetricsStore } from "../store/store";
import { windowRange } from "./window";

/** How far back a source's delivery gaps are learned from. */
export const DELIVERY_HISTORY_MS = 7 * 86_400_000;
/** Most delivery times read for it (newest first). */
const DELIVERY_LIMIT = 20_000;
/** How long a read of the delivery history is reused: a usual gap moves slowly (the latest delivery is read each time). */
const DELIVERY_HISTORY_TTL_MS = 60_000;
/** Most runners listed per pool. */
const POOL_RUNNERS_LIMIT = 50;

/** What the radar reads with. */
export interface RadarContext {
  store: Pick<MetricsStore, "waitingJobs" | "runnerActivity"> &
    Pick<
      FleetReads,
      "listRunners" | "listPoolKinds" | "usage" | "runningJobs" | "deliveryTimes" | "listDeliveryStats"
    >;
  now: number;
  runnerOfflineAfterMs: number;
}

/** What one radar pass found. */
export interface RadarReading {
  diagnoses: Diagnosis[];
  /** Demand per pool (pools with jobs waiting or running, seen in the window, or with a kind set). */
  demand: Map<string, PoolDemand>;
  /** The effective runners, not retired. */
  runners: Runner[];
}

// Per store: the Queue page refetches on every change, and thousands of delivery times need not be read each time.
const deliveryHistoryCache = new WeakMap<
  object,
  { at: number; times: { source: JobSource; receivedAt: number }[] }
>();

/** A week of delivery times, read at most once a minute per store. */
async function deliveryHistory(ctx: RadarContext) {
  const cached = deliveryHistoryCache.get(ctx.store);
  if (cached && ctx.now >= cached.at && ctx.now - cached.at < DELIVERY_HISTORY_TTL_MS) return cached.times;
  const times = await ctx.store.deliveryTimes(ctx.now - DELIVERY_HISTORY_MS, DELIVERY_LIMIT);
  deliveryHistoryCache.set(ctx.store, { at: ctx.now, times });
  return times;
}

/** Jobs an admin marked lost leave the queue figures. */
export const notMarkedLost = (job: Job) => !job.lostMarkedAt;

const matches = (filter: { source?: JobSource; label?: string }) => (job: Job) =>
  (!filter.source || job.source === filter.source) &&
  (!filter.label || job.runner.labels.includes(filter.label));

/** The pool of a job of the history, as the Queue metrics name it. */
export const historyPool = (a: Pick<RunnerActivity, "pool" | "labels">) => a.pool ?? poolOf(a.labels, null);

/**
 * One radar pass. `pre` passes reads the caller already made (the Queue
 * metrics' waiting jobs and window activity) so they are not made twice.
 */
export async function readRadar(
  ctx: RadarContext,
  filter: { source?: JobSource; label?: string } = {},
  window = "24h",
  pre?: { waiting: readonly Job[]; activity: readonly RunnerActivity[] },
): Promise<RadarReading> {
  const { from } = windowRange(window, ctx.now);
  const [waiting, activity, running, stored, times, kinds, usage, stats] = await Promise.all([
    pre ? pre.waiting : ctx.store.waitingJobs(filter),
    pre ? pre.activity : ctx.store.runnerActivity(filter, from, ctx.now + 1),
    ctx.store.runningJobs(),
    ctx.store.listRunners(),
    deliveryHistory(ctx),
    ctx.store.listPoolKinds(),
    ctx.store.usage(from, ctx.now + 1),
    ctx.store.listDeliveryStats(),
  ]);
  const kindMap = new Map(kinds.map((p) => [p.pool, p.kind]));
  const hosted = new Set(usage.filter((u) => u.hosted).map((u) => u.pool));
  const kindOf = (pool: string): RunnerKind => poolKindOf(pool, kindMap, hosted);
  const runners = stored
    .map((r) => effectiveRunner(r, ctx.now, ctx.runnerOfflineAfterMs))
    .filter((r) => !r.retired);
  const deliveries = new Map<JobSource, number[]>();
  for (const { source, receivedAt } of times) {
    if (filter.source && source !== filter.source) continue;
    const list = deliveries.get(source);
    if (list) list.push(receivedAt);
    else deliveries.set(source, [receivedAt]);
  }
  // The history may be a minute old: its latest delivery is the one the counts saw last.
  for (const { source, lastAcceptedAt } of stats) {
    const list = deliveries.get(source);
    const latest = lastAcceptedAt === null ? NaN : Date.parse(lastAcceptedAt);
    if (list && latest > Math.max(...list)) list.push(latest);
  }
  const live = waiting.filter(notMarkedLost);
  const runningNow = running.filter(notMarkedLost).filter(matches(filter));
  const history: PoolHistory[] = activity
    .filter((a) => a.startedAt >= from || a.finishedAt === null)
    .map((a) => ({
      pool: historyPool(a),
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      queueMs: a.queueMs,
    }));
  const diagnoses = diagnose({
    now: ctx.now,
    waiting: live,
    running: runningNow,
    history,
    runners,
    kindOf,
    deliveries,
  });
  const known = new Set([...history.map((h) => h.pool), ...kindMap.keys()]);
  return { diagnoses, demand: poolDemands(live, runningNow, runners, known), runners };
}

/** The runners able to serve a pool's labels (offline ones by their pool's name), most recently seen first. */
export function runnersOfPool(
  runners: readonly Runner[],
  pool: string,
  source: JobSource,
  labels: readonly string[],
): PoolRunner[] {
  return runners
    .filter(
      (r) =>
        canServe(r, source, labels) ||
        (r.status === "offline" && r.source === source && poolOf(r.labels, r.group) === pool),
    )
    .sort((a, b) => Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) || a.name.localeCompare(b.name))
    .slice(0, POOL_RUNNERS_LIMIT)
    .map((r) => ({ name: r.name, status: r.status, lastSeenAt: r.lastSeenAt }));
}

/** How far back a pool with no job now is still known to the demand signal. */
const DEMAND_KNOWN_MS = 86_400_000;

/**
 * The demand signal alone, for an autoscaler polling every few seconds: the
 * waiting and running jobs and the runners, without the radar's history. A
 * pool is known while a job waits or runs in it, when a job of it finished in
 * the last 24 h (the hourly usage sums), when a runner serves it, or when a
 * kind is set for it.
 */
export async function readDemand(ctx: RadarContext): Promise<Map<string, PoolDemand>> {
  const [waiting, running, stored, kinds, usage] = await Promise.all([
    ctx.store.waitingJobs({}),
    ctx.store.runningJobs(),
    ctx.store.listRunners(),
    ctx.store.listPoolKinds(),
    ctx.store.usage(ctx.now - DEMAND_KNOWN_MS, ctx.now + 1),
  ]);
  const runners = stored
    .map((r) => effectiveRunner(r, ctx.now, ctx.runnerOfflineAfterMs))
    .filter((r) => !r.retired);
  const known = new Set([
    ...usage.map((u) => u.pool),
    ...kinds.map((k) => k.pool),
    ...runners.map((r) => poolOf(r.labels, r.group)),
  ]);
  return poolDemands(waiting.filter(notMarkedLost), running.filter(notMarkedLost), runners, known);
}
