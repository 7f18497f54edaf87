/**
 * The stall radar, pure: per label pool (and per source), what is wrong now.
 * Everything it knows is passed in, `now` included, so a test drives it with
 * a manual clock. The rules (see `DIAGNOSIS_KINDS` in lib/stall.ts):
 *
 * - dispatch_stall: a waiting job and an idle runner able to take it have
 *   coexisted for more than {@link DISPATCH_STALL_MS} (from the later of the
 *   job's queue time and the runner's last sign of life, which for an idle
 *   runner is when it went idle): a runner that freed up a second ago is not
 *   a stall, however old the job.
 * - orphan_label: a self-hosted pool has jobs waiting and no runner of the
 *   source, online or not, carries all their labels (hosted and ephemeral
 *   pools have no runner until a job gets one, so they never are orphans).
 * - pool_exhausted: the pool has online runners able to serve it, all busy,
 *   jobs waiting, and more jobs arrived than started over the last
 *   {@link GROWTH_WINDOW_MS} (the queue grew).
 * - silent_source: a source with at least {@link MIN_DELIVERIES} deliveries
 *   in its history has sent nothing for longer than its usual gap: the
 *   {@link GAP_QUANTILE} quantile of its inter-arrival gaps, at least
 *   {@link SILENCE_FLOOR_MS}.
 * - stale_job: a job queued (running) longer than max(k × p99 of the pool's
 *   queue times (durations), floor); with fewer than {@link MIN_HISTORY}
 *   samples the floor alone applies.
 */
import type { Job } from "../../lib/job";
import { poolOf, type Runner, type RunnerKind } from "../../lib/runner";
import type { Diagnosis } from "../../lib/stall";
import { canServe } from "./capacity";

/** How long a job may wait beside an idle runner before it is a dispatch stall (GitHub re-queues after 60 s). */
export const DISPATCH_STALL_MS = 60_000;
/** Over how long arrivals and starts are compared for `pool_exhausted`. */
export const GROWTH_WINDOW_MS = 10 * 60_000;
/** Fewest deliveries a source's usual gap is learned from. */
export const MIN_DELIVERIES = 20;
/** Which quantile of a source's gaps is its usual gap. */
export const GAP_QUANTILE = 0.99;
/** Shortest silence ever called a silent source. */
export const SILENCE_FLOOR_MS = 15 * 60_000;
/** Fewest finished samples a pool's p99 is trusted on. */
export const MIN_HISTORY = 20;
/** How many times the pool's p99 a job must exceed to be stale. */
export const STALE_FACTOR = 3;
/** Floor of a queued job's staleness. */
export const STALE_QUEUED_FLOOR_MS = 60 * 60_000;
/** Floor of a running job's staleness. */
export const STALE_RUNNING_FLOOR_MS = 6 * 60 * 60_000;

/** A finished or running job of the pool's recent history (`RunnerActivity`, with its pool). */
export interface PoolHistory {
  pool: string;
  startedAt: number;
  finishedAt: number | null;
  queueMs: number | null;
}

/** Everything one radar pass reads. */
export interface RadarInput {
  now: number;
  /** Jobs queued or waiting now (jobs an admin marked lost left out). */
  waiting: readonly Job[];
  /** Jobs running now (jobs an admin marked lost left out). */
  running: readonly Job[];
  /** Jobs that ran in the history window, for queue and duration p99s and arrivals vs starts. */
  history: readonly PoolHistory[];
  /** Every runner not retired, with its effective status (see `effectiveRunner`). */
  runners: readonly Runner[];
  /** The kind of each pool. */
  kindOf: (pool: string) => RunnerKind;
  /** Each source's delivery times (ms), any order. */
  deliveries: ReadonlyMap<Job["source"], readonly number[]>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ago = (ms: number) =>
  ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : ms < 2 * 3_600_000
      ? `${Math.round(ms / 60_000)} min`
      : ms < 2 * 86_400_000
        ? `${Math.round(ms / 3_600_000)} h`
        : `${Math.round(ms / 86_400_000)} days`;
const named = (labels: readonly string[]) =>
  labels.length ? labels.map((l) => `\`${l}\``).join(", ") : "(no labels)";
const jobName = (job: Job) => `${job.name} (${job.repo} · ${job.workflow})`;

/** The pool a job asks for, as the Queue metrics name it. */
export const poolOfJob = (job: Job) => poolOf(job.runner.labels, job.runner.group);

/** When a waiting job was queued, ms (its start, else the epoch: as the Queue page counts it). */
const queuedAtOf = (job: Job) => Date.parse(job.queuedAt ?? job.startedAt ?? "1970-01-01T00:00:00Z");

/** The q-quantile of a list (nearest rank), or null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** The longest a job of the pool may be queued / run before it is stale, ms. */
export function staleAfter(history: readonly PoolHistory[]): { queuedMs: number; runningMs: number } {
  const queue = history.filter((h) => h.queueMs !== null).map((h) => h.queueMs as number);
  const runs = history
    .filter((h) => h.finishedAt !== null)
    .map((h) => (h.finishedAt as number) - h.startedAt);
  const trusted = (values: number[]) => (values.length >= MIN_HISTORY ? quantile(values, 0.99) : null);
  return {
    queuedMs: Math.max(STALE_FACTOR * (trusted(queue) ?? 0), STALE_QUEUED_FLOOR_MS),
    runningMs: Math.max(STALE_FACTOR * (trusted(runs) ?? 0), STALE_RUNNING_FLOOR_MS),
  };
}

/** A source's usual gap between deliveries, ms, or null when it has too little history. */
export function usualGap(times: readonly number[]): number | null {
  if (times.length < MIN_DELIVERIES) return null;
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
  return Math.max(quantile(gaps, GAP_QUANTILE) ?? 0, SILENCE_FLOOR_MS);
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** dispatch_stall, orphan_label and pool_exhausted of one pool's waiting jobs (oldest first). */
function poolDiagnoses(
  input: RadarInput,
  pool: string,
  queued: readonly Job[],
  history: readonly PoolHistory[],
) {
  const { now } = input;
  const first = queued[0] as Job;
  const { source } = first;
  const labels = first.runner.labels;
  const out: Diagnosis[] = [];
  const able = input.runners.filter((r) => canServe(r, source, labels));
  const idle = able.filter((r) => r.status === "idle");

  // The earliest pair to have coexisted 60 s: the oldest job with the runner idle the longest
  // (the least over pairs of the later of two times is the later of the two least times).
  let stall: { since: number; job: Job; runner: Runner } | null = null;
  const longestIdle = idle.reduce<Runner | null>(
    (best, r) => (best === null || Date.parse(r.lastSeenAt) < Date.parse(best.lastSeenAt) ? r : best),
    null,
  );
  if (longestIdle) {
    const since = Math.max(queuedAtOf(first), Date.parse(longestIdle.lastSeenAt)) + DISPATCH_STALL_MS;
    if (since < now) stall = { since, job: first, runner: longestIdle };
  }
  if (stall)
    out.push({
      kind: "dispatch_stall",
      pool,
      source,
      since: iso(stall.since),
      detail: `${jobName(stall.job)} has waited ${ago(now - queuedAtOf(stall.job))} while runner ${stall.runner.name} sits idle and could take it: check that runner's service and its registration.`,
      jobId: stall.job.id,
    });

  if (input.kindOf(pool) === "self-hosted") {
    const anyRunner = input.runners.some((r) => canServe({ ...r, status: "idle" }, source, labels));
    if (!anyRunner)
      out.push({
        kind: "orphan_label",
        pool,
        source,
        since: iso(queuedAtOf(first)),
        detail: `${queued.length} job${queued.length === 1 ? " waits" : "s wait"} for ${named(labels)}, and no runner seen serves those labels: register one, or fix the workflow's labels.`,
        jobId: first.id,
      });
  }

  if (able.length > 0 && idle.length === 0) {
    const cut = now - GROWTH_WINDOW_MS;
    const arrived =
      queued.filter((j) => queuedAtOf(j) >= cut).length +
      history.filter((h) => h.queueMs !== null && h.startedAt - h.queueMs >= cut).length;
    const started = history.filter((h) => h.startedAt >= cut).length;
    if (arrived > started)
      out.push({
        kind: "pool_exhausted",
        pool,
        source,
        since: iso(Math.max(queuedAtOf(first), cut)),
        detail: `All ${able.length} runner${able.length === 1 ? "" : "s"} able to serve ${named(labels)} are busy and the queue grows (${arrived} arrived, ${started} started in the last ${ago(GROWTH_WINDOW_MS)}; ${queued.length} waiting): add runners.`,
        jobId: null,
      });
  }
  return out;
}

/** stale_job of each job queued or running beyond its pool's staleness. */
function staleDiagnoses(input: RadarInput, byPool: ReadonlyMap<string, PoolHistory[]>): Diagnosis[] {
  const { now } = input;
  const limits = new Map<string, ReturnType<typeof staleAfter>>();
  const limitOf = (pool: string) => {
    let limit = limits.get(pool);
    if (!limit) limits.set(pool, (limit = staleAfter(byPool.get(pool) ?? [])));
    return limit;
  };
  const out: Diagnosis[] = [];
  for (const job of input.waiting) {
    const pool = poolOfJob(job);
    const waited = now - queuedAtOf(job);
    const limit = limitOf(pool).queuedMs;
    if (waited > limit)
      out.push({
        kind: "stale_job",
        pool,
        source: job.source,
        since: iso(queuedAtOf(job) + limit),
        detail: `${jobName(job)} has been queued for ${ago(waited)}, far beyond anything pool ${pool} has seen (limit ${ago(limit)}): it is probably lost; mark it lost.`,
        jobId: job.id,
        jobStatus: "queued",
        job: { repo: job.repo, workflow: job.workflow, name: job.name },
      });
  }
  for (const job of input.running) {
    if (job.startedAt === null) continue;
    const pool = poolOfJob(job);
    const started = Date.parse(job.startedAt);
    const ran = now - started;
    const limit = limitOf(pool).runningMs;
    if (ran > limit)
      out.push({
        kind: "stale_job",
        pool,
        source: job.source,
        since: iso(started + limit),
        detail: `${jobName(job)} has been running for ${ago(ran)}, far beyond anything pool ${pool} has seen (limit ${ago(limit)}): it is probably lost; mark it lost.`,
        jobId: job.id,
        jobStatus: "running",
        job: { repo: job.repo, workflow: job.workflow, name: job.name },
      });
  }
  return out;
}

/** silent_source of each source quiet for longer than its usual gap. */
function silentSources(input: RadarInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const [source, times] of input.deliveries) {
    const gap = usualGap(times);
    if (gap === null) continue;
    const last = Math.max(...times);
    if (input.now - last > gap)
      out.push({
        kind: "silent_source",
        pool: null,
        source,
        since: iso(last + gap),
        detail: `No delivery from ${source} for ${ago(input.now - last)}, longer than its usual gap of ${ago(gap)}: check that the webhook is still enabled at the vendor.`,
        jobId: null,
      });
  }
  return out;
}

/**
 * Every diagnosis now: pools in the order met, then stale jobs, then silent
 * sources. Empty when all is well. O(jobs + pools × runners).
 */
export function diagnose(input: RadarInput): Diagnosis[] {
  const byPool = group(input.history, (h) => h.pool);
  const waitingByPool = group(
    [...input.waiting].sort((a, b) => queuedAtOf(a) - queuedAtOf(b)),
    (job) => JSON.stringify([job.source, poolOfJob(job)]),
  );
  const out: Diagnosis[] = [];
  for (const queued of waitingByPool.values()) {
    const pool = poolOfJob(queued[0] as Job);
    out.push(...poolDiagnoses(input, pool, queued, byPool.get(pool) ?? []));
  }
  out.push(...staleDiagnoses(input, byPool), ...silentSources(input));
  return out;
}
