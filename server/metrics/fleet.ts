/**
 * `GET /metrics/queue` and `GET /metrics/runners`: the queue now per label
 * pool, and runner utilisation over a window.
 *
 * Utilisation is busy time ÷ online time. Busy time is the overlap of the
 * runner's jobs with the window. Runwatch keeps no history of connects, so
 * online time is estimated: from the start of the runner's first job in the
 * window (or, with none, its last sign of life; never before the window)
 * until now, or until its last sign of life when it is offline now. A runner
 * idle for a while before its first job is thus counted from that job.
 * A pool's utilisation is that of the online runners able to serve it, the
 * runners its jobs actually wait for. Retired runners (hosted or ephemeral,
 * their job over; see server/domain/runner-kind.ts) are not capacity: they are
 * left out of every count and figure, and only self-hosted pools get advice.
 */
import type { z } from "zod";
import { poolOf, type Runner, type RunnerKind } from "../../lib/runner";
import {
  toWaitingJob,
  type QueuePool,
  type QueueResponse,
  type RunnersMetricsResponse,
  type Utilisation,
  type WaitingJob,
  type queueQuerySchema,
  type runnersMetricsQuerySchema,
} from "../../lib/metrics";
import type { Job } from "../../lib/job";
import { canServe, capacityHint, isStuck, overlap, ratio } from "../domain/capacity";
import { poolKindOf } from "../domain/runner-kind";
import { runnerId, effectiveRunner } from "../domain/runner-state";
import { addToSketch, emptySketch, sketchQuantile, type Sketch } from "../domain/sketch";
import type { RunnerActivity } from "../store/metric-lists";
import type { FleetReads, MetricsStore } from "../store/store";
import { notMarkedLost, readRadar, runnersOfPool } from "./stall";
import { iso, windowRange } from "./window";

/** What both endpoints need besides the store. */
export interface FleetContext {
  store: MetricsStore &
    Pick<
      FleetReads,
      "listRunners" | "listPoolKinds" | "usage" | "runningJobs" | "deliveryTimes" | "listDeliveryStats"
    >;
  now: number;
  runnerOfflineAfterMs: number;
}

type RunnerUse = Utilisation & { runner: Runner };

/** Busy and online time of every runner seen in the window. */
async function runnerUse(
  ctx: FleetContext,
  filter: { source?: Job["source"]; label?: string },
  window: string,
) {
  const { from, to } = windowRange(window, ctx.now);
  const [stored, activity] = await Promise.all([
    ctx.store.listRunners(),
    ctx.store.runnerActivity(filter, from, to),
  ]);
  const busy = new Map<string, { ms: number; jobs: number; firstStart: number }>();
  for (const a of activity) {
    if (a.runner === null) continue;
    const id = runnerId(a.source, a.runner);
    const entry = busy.get(id) ?? { ms: 0, jobs: 0, firstStart: Infinity };
    entry.ms += overlap(a.startedAt, a.finishedAt ?? ctx.now, from, to);
    entry.jobs += 1;
    entry.firstStart = Math.min(entry.firstStart, a.startedAt);
    busy.set(id, entry);
  }
  const uses: RunnerUse[] = [];
  for (const raw of stored) {
    const runner = effectiveRunner(raw, ctx.now, ctx.runnerOfflineAfterMs);
    if (runner.retired) continue;
    if (filter.source && runner.source !== filter.source) continue;
    if (filter.label && !runner.labels.includes(filter.label)) continue;
    const lastSeen = Date.parse(runner.lastSeenAt);
    const until = runner.status === "offline" ? lastSeen : ctx.now;
    const work = busy.get(runner.id) ?? { ms: 0, jobs: 0, firstStart: Infinity };
    const since = Math.min(work.firstStart, lastSeen);
    const onlineMs = Math.max(overlap(since, until, from, to), work.ms);
    if (onlineMs === 0) continue;
    uses.push({ runner, busyMs: work.ms, onlineMs, utilisation: ratio(work.ms, onlineMs), jobs: work.jobs });
  }
  return { uses, activity, from, to };
}

/** The kind of every pool: those set, and those whose jobs ran on hosted runners in the window. */
async function poolKinds(ctx: FleetContext, from: number): Promise<(pool: string) => RunnerKind> {
  const [set, usage] = await Promise.all([ctx.store.listPoolKinds(), ctx.store.usage(from, ctx.now + 1)]);
  const kinds = new Map(set.map((p) => [p.pool, p.kind]));
  const hosted = new Set(usage.filter((u) => u.hosted).map((u) => u.pool));
  return (pool) => poolKindOf(pool, kinds, hosted);
}

const sum = (uses: readonly RunnerUse[]): Utilisation => {
  const busyMs = uses.reduce((s, u) => s + u.busyMs, 0);
  const onlineMs = uses.reduce((s, u) => s + u.onlineMs, 0);
  return {
    busyMs,
    onlineMs,
    utilisation: ratio(busyMs, onlineMs),
    jobs: uses.reduce((s, u) => s + u.jobs, 0),
  };
};

/** Utilisation per runner and per runner pool over the window. */
export async function metricsRunners(
  ctx: FleetContext,
  query: z.infer<typeof runnersMetricsQuerySchema>,
): Promise<RunnersMetricsResponse> {
  const { window, ...filter } = query;
  const { uses, from } = await runnerUse(ctx, filter, window);
  const kindOf = await poolKinds(ctx, from);
  const pools = new Map<string, RunnerUse[]>();
  for (const use of uses) {
    const pool = poolOf(use.runner.labels, use.runner.group);
    const members = pools.get(pool);
    if (members) members.push(use);
    else pools.set(pool, [use]);
  }
  return {
    window,
    from: iso(from),
    to: iso(ctx.now),
    runners: uses
      .map(({ runner, ...use }) => ({
        ...use,
        id: runner.id,
        name: runner.name,
        source: runner.source,
        pool: poolOf(runner.labels, runner.group),
        status: runner.status,
        kind: runner.kind,
      }))
      .sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0) || a.id.localeCompare(b.id)),
    pools: [...pools]
      .map(([pool, members]) => ({ pool, kind: kindOf(pool), runners: members.length, ...sum(members) }))
      .sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0) || a.pool.localeCompare(b.pool)),
  };
}

const jobPool = (a: Pick<RunnerActivity, "pool" | "labels">) => a.pool ?? poolOf(a.labels, null);

/** The queue now, per label pool a job asks for, busiest first. */
export async function metricsQueue(
  ctx: FleetContext,
  query: z.infer<typeof queueQuerySchema>,
): Promise<QueueResponse> {
  const { window, stuckAfterMinutes, ...filter } = query;
  const [{ uses, activity, from }, stored] = await Promise.all([
    runnerUse(ctx, filter, window),
    ctx.store.waitingJobs(filter),
  ]);
  const jobs = stored.filter(notMarkedLost);
  const radar = await readRadar(ctx, filter, window, { waiting: jobs, activity });
  const runners = uses.map((u) => u.runner);
  const kindOf = await poolKinds(ctx, from);
  const pools = new Map<
    string,
    { labels: string[]; source: Job["source"]; jobs: WaitingJob[]; queue: Sketch }
  >();
  const poolFor = (key: string, labels: string[], source: Job["source"]) => {
    let pool = pools.get(key);
    if (!pool)
      pools.set(key, (pool = { labels: [...labels].sort(), source, jobs: [], queue: emptySketch() }));
    return pool;
  };
  for (const a of activity) {
    if (a.startedAt < from) continue;
    const pool = poolFor(jobPool(a), a.labels, a.source);
    if (a.queueMs !== null) addToSketch(pool.queue, a.queueMs);
  }
  const stuckJobs: WaitingJob[] = [];
  const stuckAfterMs = stuckAfterMinutes * 60_000;
  for (const job of jobs) {
    const key = poolOf(job.runner.labels, job.runner.group);
    // A hosted or ephemeral pool has no runner until a job gets one: stuck means waiting too long.
    const stuck =
      kindOf(key) === "self-hosted"
        ? isStuck(job, runners, ctx.now, stuckAfterMs)
        : ctx.now - Date.parse(job.queuedAt ?? "") >= stuckAfterMs;
    const entry = toWaitingJob(job, stuck);
    poolFor(key, job.runner.labels, job.source).jobs.push(entry);
    if (stuck) stuckJobs.push(entry);
  }
  const result: QueuePool[] = [...pools].map(([pool, { labels, source, jobs: queued, queue }]) => {
    const online = uses.filter((u) => canServe(u.runner, source, labels));
    const offline = uses.filter(
      (u) =>
        u.runner.status === "offline" &&
        u.runner.source === source &&
        poolOf(u.runner.labels, u.runner.group) === pool,
    ).length;
    const use = sum(online);
    const queueP95Ms = sketchQuantile(queue, 0.95);
    const load = {
      labels,
      queued: queued.length,
      onlineRunners: online.length,
      queueP95Ms,
      utilisation: use.utilisation,
      kind: kindOf(pool),
    };
    return {
      pool,
      kind: load.kind,
      labels,
      queued: queued.length,
      oldest: queued[0] ?? null,
      stuck: queued.filter((j) => j.stuck).length,
      runners: {
        online: online.length,
        busy: online.filter((u) => u.runner.status === "busy").length,
        idle: online.filter((u) => u.runner.status === "idle").length,
        offline,
      },
      queueP95Ms: queueP95Ms === null ? null : Math.round(queueP95Ms),
      utilisation: use.utilisation,
      hint: capacityHint(load),
      running: radar.demand.get(pool)?.running ?? 0,
      diagnoses: radar.diagnoses.filter((d) => d.pool === pool && d.source === source),
      runnerList: runnersOfPool(radar.runners, pool, source, labels),
    };
  });
  result.sort((a, b) => b.queued - a.queued || b.stuck - a.stuck || a.pool.localeCompare(b.pool));
  return {
    at: iso(ctx.now),
    window,
    queued: jobs.length,
    stuck: stuckJobs.length,
    pools: result,
    stuckJobs: stuckJobs.slice(0, 100),
    diagnoses: radar.diagnoses,
  };
}
