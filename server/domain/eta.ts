/**
 * Predicted start time (ETA) of queued jobs, pure and per pool: one call
 * estimates every queued job of a pool from one snapshot, so the cost is paid
 * once per pool change, never once per job event.
 *
 * The model: the pool's queue is served first in, first out (by `queuedAt`).
 * With matching runners known, each is a slot free at some time — an idle one
 * now, a busy one when its job's expected remaining time is up (the median
 * duration of that job's own repo/workflow/name, else the pool's). Each queued
 * job in turn takes the earliest slot, which is then busy for the pool's
 * median duration. No job is expected before its pool's median queue time has
 * passed (a free runner still takes a while to pick a job up), so a pool
 * without contention gets the median, and a busy one the slots' answer. With no runner known (hosted or ephemeral pools: a machine
 * appears with its job) each job is expected after the pool's median queue
 * time.
 * The range runs the same model with the pool's quartile durations.
 */

import type { JobEta } from "../../lib/job";

/** A predicted start (ISO 8601 times: best guess, earliest and latest likely; basis), as the API gives it. */
export type Eta = JobEta;

/** What a pool's finished jobs say (see {@link poolHistory}). */
export interface PoolHistory {
  /** Finished jobs the figures come from. */
  samples: number;
  /** Quartiles of the pool's durations, ms. */
  durationP25Ms: number;
  durationP50Ms: number;
  durationP75Ms: number;
  /** Median queue time, ms. */
  queueP50Ms: number;
  /** Median duration per job kind ({@link jobKey}), ms. */
  medianByKey: ReadonlyMap<string, number>;
}

/** A pool as it is now. */
export interface PoolSnapshot {
  /** Queued jobs of the pool, any order (sorted here by `queuedAt`, then id). */
  queued: readonly { id: string; queuedAt: number }[];
  /** Jobs running in the pool: their kind ({@link jobKey}) and start. */
  running: readonly { key: string; startedAt: number }[];
  /** Online runners able to serve the pool, and how many of them are idle. */
  runners: number;
  idleRunners: number;
  /** Null when the pool has no usable history. */
  history: PoolHistory | null;
}

/** Fewer finished jobs than this and the pool shows "not enough data". */
export const MIN_HISTORY = 5;

/** A job running past its expected duration is assumed to need this share of it again. */
export const OVERDUE_SHARE = 0.25;

/** The kind of a job whose durations are alike: repo, workflow and name. */
export function jobKey(repo: string, workflow: string, name: string): string {
  return JSON.stringify([repo, workflow, name]);
}

/** Nearest-rank quantile of sorted values (q in [0, 1]). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A finished job, as {@link poolHistory} reads it. */
export interface FinishedSample {
  key: string;
  durationMs: number;
  queueMs: number | null;
  startedAt: number;
}

/** The history of one pool from its finished jobs; null below {@link MIN_HISTORY}. */
export function poolHistory(samples: readonly FinishedSample[]): PoolHistory | null {
  if (samples.length < MIN_HISTORY) return null;
  const durations = samples.map((s) => s.durationMs).sort((a, b) => a - b);
  const queues = samples
    .map((s) => s.queueMs)
    .filter((q): q is number => q !== null)
    .sort((a, b) => a - b);
  const byKey = new Map<string, number[]>();
  for (const s of samples) {
    const list = byKey.get(s.key);
    if (list) list.push(s.durationMs);
    else byKey.set(s.key, [s.durationMs]);
  }
  const medianByKey = new Map<string, number>();
  for (const [key, list] of byKey)
    medianByKey.set(
      key,
      quantile(
        list.sort((a, b) => a - b),
        0.5,
      ),
    );
  return {
    samples: samples.length,
    durationP25Ms: quantile(durations, 0.25),
    durationP50Ms: quantile(durations, 0.5),
    durationP75Ms: quantile(durations, 0.75),
    queueP50Ms: queues.length ? quantile(queues, 0.5) : 0,
    medianByKey,
  };
}

/** When each queued job starts under one duration assumption (`scale` × medians), ms. */
function simulate(
  snapshot: PoolSnapshot,
  order: readonly { queuedAt: number }[],
  now: number,
  scale: number,
) {
  const history = snapshot.history!;
  const pickedUp = (i: number, start: number) =>
    Math.max(start, order[i]!.queuedAt + history.queueP50Ms * scale);
  const poolMs = history.durationP50Ms * scale;
  if (snapshot.runners > 0) {
    const slots: number[] = [];
    for (let i = 0; i < snapshot.idleRunners; i += 1) slots.push(now);
    for (const job of snapshot.running) {
      const expected = (history.medianByKey.get(job.key) ?? history.durationP50Ms) * scale;
      const elapsed = now - job.startedAt;
      slots.push(now + Math.max(expected - elapsed, expected * OVERDUE_SHARE));
    }
    // Runners reported busy whose job is not known here: assume half a job left.
    const busyUnknown = snapshot.runners - snapshot.idleRunners - snapshot.running.length;
    for (let i = 0; i < busyUnknown; i += 1) slots.push(now + poolMs / 2);
    if (slots.length === 0) slots.push(now + poolMs / 2);
    // Few slots (runners), many jobs: a linear scan for the earliest slot is O(queue × runners).
    return order.map((_, j) => {
      let best = 0;
      for (let i = 1; i < slots.length; i += 1) if (slots[i]! < slots[best]!) best = i;
      const start = pickedUp(j, slots[best]!);
      slots[best] = start + poolMs;
      return start;
    });
  }
  // Hosted pools start jobs as they come: the median queue time. (Draining a late line at the
  // pool's recent start rate was tried: on the bench's replay it only made these worse.)
  return order.map((_, i) => pickedUp(i, now));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Every queued job's ETA (by job id): null for all when the pool lacks
 * history. `startAt` is never before `now`, and `low ≤ startAt ≤ high`.
 */
export function predictPool(snapshot: PoolSnapshot, now: number): Map<string, Eta | null> {
  const order = [...snapshot.queued].sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
  const out = new Map<string, Eta | null>();
  const history = snapshot.history;
  if (history === null) {
    for (const job of order) out.set(job.id, null);
    return out;
  }
  const p50 = history.durationP50Ms;
  const mid = simulate(snapshot, order, now, 1);
  const fast = simulate(snapshot, order, now, p50 > 0 ? history.durationP25Ms / p50 : 1);
  const slow = simulate(snapshot, order, now, p50 > 0 ? history.durationP75Ms / p50 : 1);
  const how = snapshot.runners > 0 ? plural(snapshot.runners, "runner") : "median queue time";
  order.forEach((job, i) => {
    const startAt = Math.max(now, mid[i]!);
    out.set(job.id, {
      startAt: new Date(startAt).toISOString(),
      low: new Date(Math.min(startAt, Math.max(now, fast[i]!))).toISOString(),
      high: new Date(Math.max(startAt, slow[i]!)).toISOString(),
      basis: `position ${i + 1} of ${order.length}, ${how}`,
    });
  });
  return out;
}
