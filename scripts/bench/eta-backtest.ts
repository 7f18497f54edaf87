/**
 * The queue ETA's accuracy, measured: the bench's generated history replayed
 * through each pool, with the predictor asked at every queued event, against
 * the naive "pool's median queue time" from the same history.
 *
 * The generator draws each job's queue time on its own (log-normal per pool),
 * whatever the pool's load, so its start times know nothing of capacity. The
 * replay keeps what it generated — when each job was queued, how long it ran,
 * and its queue time as the pick-up delay of an uncontended pool — and lets
 * runners serve the line first in, first out: a job starts at its pick-up time
 * or when a runner frees, whichever is later. Self-hosted pools get as many
 * runners as their busiest hour needs, less 10% (so peaks queue, nights do
 * not); hosted ones (GitHub-hosted, GitLab SaaS) never run out, and the
 * predictor sees no runner there, as the server does.
 */
import { poolOf } from "../../lib/runner";
import type { Job } from "../../lib/job";
import {
  jobKey,
  poolHistory,
  predictPool,
  type FinishedSample,
  type PoolHistory,
} from "../../server/domain/eta";
import { HISTORY_LIMIT, HISTORY_MS } from "../../server/queue-intel/eta-service";
import { generateJobs } from "./generate";

const HOUR = 3_600_000;
/** The service re-reads a pool's history at most once a minute; so does the replay. */
const HISTORY_TTL_MS = 60_000;

/** Errors of one predictor over every prediction made. */
export interface PredictorScore {
  /** Median of |predicted − actual start|, ms. */
  medianAbsErrorMs: number;
  /** Share of predictions whose wait is within ±30% of the actual wait. */
  within30: number;
}

/** The backtest's answer. */
export interface EtaBacktest {
  pools: number;
  /** Predictions compared (queued events whose pool had history). */
  predictions: number;
  /** Replayed jobs that had to wait for a runner (their pool was full). */
  contended: number;
  eta: PredictorScore;
  naive: PredictorScore;
}

/** One job of a replayed pool: when it was queued, started and how long it ran (ms). */
export interface Replayed {
  id: string;
  key: string;
  queuedAt: number;
  start: number;
  durationMs: number;
  /** False for a job that waited for an approval first (never in the runners' line while it waited): not predicted. */
  lined?: boolean;
}

/** A pool's replayed jobs and its runners (Infinity: hosted, never full and unknown to the predictor). */
export interface ReplayedPool {
  jobs: Replayed[];
  runners: number;
}

/** Hosted pools never run out of machines (and the server knows none of their runners in advance). */
const elastic = (job: Job) =>
  job.runner.group === "GitHub Actions" ||
  job.runner.group === "larger-runners" ||
  job.runner.labels.some((l) => l.startsWith("saas-"));

/** Runners a self-hosted pool gets: its busiest hour's demand, less 10%, at least one. */
function runnersFor(jobs: readonly Replayed[]): number {
  const busy = new Map<number, number>();
  for (const j of jobs) {
    const hour = Math.floor(j.queuedAt / HOUR);
    busy.set(hour, (busy.get(hour) ?? 0) + j.durationMs);
  }
  return Math.max(1, Math.floor((Math.max(0, ...busy.values()) / HOUR) * 0.9));
}

/** First in, first out over `runners` (Infinity: never full); sets each job's start. */
function serve(jobs: Replayed[], runners: number, pickUp: ReadonlyMap<string, number>): number {
  let contended = 0;
  const free = Number.isFinite(runners) ? new Array<number>(runners).fill(-Infinity) : null;
  for (const job of jobs) {
    const ready = job.queuedAt + pickUp.get(job.id)!;
    if (!free) {
      job.start = ready;
      continue;
    }
    let best = 0;
    for (let i = 1; i < free.length; i += 1) if (free[i]! < free[best]!) best = i;
    if (free[best]! > ready) contended += 1;
    job.start = Math.max(ready, free[best]!);
    free[best] = job.start + job.durationMs;
  }
  return contended;
}

function score(errors: { abs: number; within: boolean }[]): PredictorScore {
  const sorted = errors.map((e) => e.abs).sort((a, b) => a - b);
  return {
    medianAbsErrorMs: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0,
    within30: errors.length ? errors.filter((e) => e.within).length / errors.length : 0,
  };
}

/** Replays one pool; pushes an error pair per prediction. */
function replayPool(
  jobs: Replayed[],
  runners: number,
  out: { eta: { abs: number; within: boolean }[]; naive: { abs: number; within: boolean }[] },
): void {
  type Event = { at: number; kind: 0 | 1 | 2; job: Replayed };
  // At one instant: finishes, then starts, then arrivals (a runner freed now serves the line now).
  const events: Event[] = [];
  for (const job of jobs)
    events.push(
      { at: job.start + job.durationMs, kind: 0, job },
      { at: job.start, kind: 1, job },
      { at: job.queuedAt, kind: 2, job },
    );
  events.sort((a, b) => a.at - b.at || a.kind - b.kind);
  const waiting = new Map<string, Replayed>();
  const running = new Map<string, Replayed>();
  const finished: FinishedSample[] = [];
  let history: { at: number; value: PoolHistory | null } | null = null;
  for (const { at, kind, job } of events) {
    if (kind === 0) {
      running.delete(job.id);
      finished.push({
        key: job.key,
        durationMs: job.durationMs,
        queueMs: job.start - job.queuedAt,
        startedAt: job.start,
      });
      continue;
    }
    if (kind === 1) {
      waiting.delete(job.id);
      running.set(job.id, job);
      continue;
    }
    if (job.lined === false) continue;
    waiting.set(job.id, job);
    if (!history || at - history.at >= HISTORY_TTL_MS) {
      // The newest finished jobs within the history window, as the store reads them.
      const recent: FinishedSample[] = [];
      for (let i = finished.length - 1; i >= 0 && recent.length < HISTORY_LIMIT; i -= 1) {
        const s = finished[i]!;
        if (s.startedAt + s.durationMs < at - HISTORY_MS) break;
        recent.push(s);
      }
      history = { at, value: poolHistory(recent) };
    }
    if (history.value === null) continue;
    const known = Number.isFinite(runners) ? runners : 0;
    const eta = predictPool(
      {
        queued: [...waiting.values()].map((w) => ({ id: w.id, queuedAt: w.queuedAt })),
        running: [...running.values()].map((r) => ({ key: r.key, startedAt: r.start })),
        runners: known,
        idleRunners: Math.max(0, known - running.size),
        history: history.value,
      },
      at,
    ).get(job.id);
    if (!eta) continue;
    const actualWait = job.start - job.queuedAt;
    const judge = (predicted: number) => {
      const abs = Math.abs(predicted - job.start);
      return { abs, within: abs <= 0.3 * actualWait };
    };
    out.eta.push(judge(Date.parse(eta.startAt)));
    out.naive.push(judge(job.queuedAt + history.value.queueP50Ms));
  }
}

/** Runs the backtest over generated jobs (those that started and have a duration). */
export function etaBacktest(jobs: Iterable<Job>): EtaBacktest {
  const pools = new Map<string, { elastic: boolean; jobs: Replayed[]; pickUp: Map<string, number> }>();
  for (const job of jobs) {
    if (job.queuedAt === null || job.startedAt === null || job.durationMs === null) continue;
    const name = `${job.source}:${poolOf(job.runner.labels, job.runner.group)}`;
    let pool = pools.get(name);
    if (!pool) pools.set(name, (pool = { elastic: elastic(job), jobs: [], pickUp: new Map() }));
    const queuedAt = Date.parse(job.queuedAt);
    pool.pickUp.set(job.id, Date.parse(job.startedAt) - queuedAt);
    pool.jobs.push({
      id: job.id,
      key: jobKey(job.repo, job.workflow, job.name),
      queuedAt,
      start: 0,
      durationMs: job.durationMs,
    });
  }
  let contended = 0;
  const replayed: ReplayedPool[] = [];
  for (const pool of pools.values()) {
    pool.jobs.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
    const runners = pool.elastic ? Infinity : runnersFor(pool.jobs);
    contended += serve(pool.jobs, runners, pool.pickUp);
    replayed.push({ jobs: pool.jobs, runners });
  }
  return replayBacktest(replayed, contended);
}

/**
 * The backtest over pools whose jobs already carry their actual starts (the
 * bench's served ones, or the demo's simulated ones): every queued event asks
 * both predictors, and each answer is judged against the job's start.
 */
export function replayBacktest(pools: readonly ReplayedPool[], contended: number): EtaBacktest {
  const out = {
    eta: [] as { abs: number; within: boolean }[],
    naive: [] as { abs: number; within: boolean }[],
  };
  for (const pool of pools) replayPool(pool.jobs, pool.runners, out);
  return {
    pools: pools.length,
    predictions: out.eta.length,
    contended,
    eta: score(out.eta),
    naive: score(out.naive),
  };
}

/** The end of the backtest's week, fixed so its figures are the same on every run (the README quotes them). */
export const BACKTEST_NOW = Date.parse("2026-11-25T15:20:00Z");

/** The backtest's data: a week of the bench generator's jobs (its seed), 30,000 of them (10,000 quick). */
export function benchEtaBacktest(seed: string, quick: boolean, now = BACKTEST_NOW): EtaBacktest {
  const count = quick ? 10_000 : 30_000;
  return etaBacktest(
    (function* () {
      for (const batch of generateJobs({ count, seed, now, days: 7 })) yield* batch;
    })(),
  );
}

/** True when the ETA beats the naive predictor on both figures. */
export const etaBeatsNaive = (b: EtaBacktest) =>
  b.eta.medianAbsErrorMs < b.naive.medianAbsErrorMs && b.eta.within30 > b.naive.within30;

/**
 * True when both predictors scored the same (median |error| within 1%, same
 * share within ±30%): what a history where no job waits for a runner gives,
 * as both then predict the pool's median pick-up.
 */
export const etaTiesNaive = (b: EtaBacktest) =>
  Math.abs(b.eta.medianAbsErrorMs - b.naive.medianAbsErrorMs) <= 0.01 * b.naive.medianAbsErrorMs &&
  b.eta.within30 === b.naive.within30;

// Two decimals under 10 s: the demo's pick-up-sized errors differ in the second one.
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

/** The lines `npm run bench` prints. */
export function formatEtaBacktest(b: EtaBacktest, what = "Queue ETA backtest"): string {
  const beats = etaBeatsNaive(b);
  return [
    `${what}: ${b.predictions.toLocaleString("en-US")} predictions over ${b.pools} pools ` +
      `(${b.contended.toLocaleString("en-US")} jobs waited for a runner)`,
    `  ETA                        median |error| ${seconds(b.eta.medianAbsErrorMs)}, within ±30%: ${percent(b.eta.within30)}`,
    `  naive (pool median queue)  median |error| ${seconds(b.naive.medianAbsErrorMs)}, within ±30%: ${percent(b.naive.within30)}`,
    `  ETA beats naive: ${beats ? "yes" : etaTiesNaive(b) ? "tie (nothing to predict beyond the pick-up)" : "NO"}`,
  ].join("\n");
}
