/**
 * The queue ETA's backtest over the demo's history: the same simulated CI
 * systems `npm run demo` fills its history with (every source, the backfill's
 * seed, rate and working-week rhythm), run in memory instead of sent as
 * webhooks. Unlike the bench's generator, the demo's cluster has finite
 * runner pools with a pick-up delay, so its start times already carry the
 * queueing: the replay takes them as they are and asks both predictors at
 * every queued event. The history has working-hours rushes (merge trains)
 * that fill the small self-hosted pools, so its jobs queue for minutes there.
 * Self-hosted pools have their catalog size in runners
 * (the server learns them from the jobs they run); hosted ones none known.
 */
import { jobKey } from "../../server/domain/eta";
import { BACKFILL_PEAK_RUNS_PER_HOUR, backfillCluster, backfillWindow } from "../demo/backfill";
import { Cluster } from "../demo/cluster";
import type { JobSnapshot } from "../demo/model";
import { SOURCES } from "../demo/sources";
import { seedFrom } from "../../lib/random";
import {
  BACKTEST_NOW,
  etaBeatsNaive,
  formatEtaBacktest,
  replayBacktest,
  type EtaBacktest,
  type Replayed,
  type ReplayedPool,
} from "./eta-backtest";

/** The demo's default history, days (`--backfill-days`). */
export const DEMO_BACKFILL_DAYS = 30;

/** The live session replayed: the demo's defaults (`--rate 20 --speed 8`), a fixed seed, this long. */
export const DEMO_LIVE_MS = 3_600_000;

/** Pools of every source's cluster, run to `span` (ms) and drained, as the replay takes them. */
function replayClusters(clusterFor: (source: (typeof SOURCES)[number]) => Cluster, span: number) {
  const pools = new Map<string, ReplayedPool & { pickUpMaxMs: number }>();
  for (const source of SOURCES) {
    const cluster = clusterFor(source);
    const gated = new Set<number>();
    const finished: JobSnapshot[] = [];
    const take = (events: ReturnType<Cluster["advance"]>) => {
      for (const event of events) {
        if (event.type !== "job") continue;
        if (event.action === "waiting") gated.add(event.job.id);
        if (event.action === "completed") finished.push(event.job);
      }
    };
    take(cluster.advance(span));
    cluster.close();
    take(cluster.advance(Infinity));
    for (const job of finished) {
      // Cancelled before a runner took it: no start to predict.
      if (job.startedAt === null || job.completedAt === null || job.runner === null) continue;
      const spec = source.catalog.pools[job.runner.pool]!;
      const name = `${source.key}:${spec.key}`;
      let pool = pools.get(name);
      if (!pool) {
        const runners = spec.hosted ? Infinity : spec.size;
        pools.set(
          name,
          (pool = { jobs: [], runners, pickUpMaxMs: (spec.pickup[1] * 1000) / speedOf(cluster) }),
        );
      }
      const replayed: Replayed = {
        id: String(job.id),
        key: jobKey(source.repoName(job.repo), job.workflow, job.name),
        queuedAt: job.createdAt,
        start: job.startedAt,
        durationMs: job.completedAt - job.startedAt,
        lined: !gated.has(job.id),
      };
      pool.jobs.push(replayed);
    }
  }
  let contended = 0;
  for (const pool of pools.values()) {
    pool.jobs.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
    // Waited longer than a pick-up takes: waited for a runner.
    contended += pool.jobs.filter((j) => j.lined !== false && j.start - j.queuedAt > pool.pickUpMaxMs).length;
  }
  return replayBacktest([...pools.values()], contended);
}

const speeds = new WeakMap<Cluster, number>();
const speedOf = (cluster: Cluster) => speeds.get(cluster) ?? 1;

/**
 * The backtest over `days` of the demo's history ending at `now`: every
 * source, as the demo's backfill simulates it. Deterministic.
 */
export function demoHistoryEtaBacktest(days = DEMO_BACKFILL_DAYS, now = BACKTEST_NOW): EtaBacktest {
  const window = backfillWindow(now, days);
  const totalShare = SOURCES.reduce((sum, s) => sum + s.share, 0);
  return replayClusters(
    (source) => backfillCluster(source, window, (BACKFILL_PEAK_RUNS_PER_HOUR * source.share) / totalShare),
    window.end - window.start,
  );
}

/**
 * The backtest over an hour of a live demo session at the demo's default rate
 * and speed (runs arrive 20 a minute, bursts included, 8× faster than real
 * CI), a fixed seed. Deterministic.
 */
export function demoLiveEtaBacktest(seed = "runwatch-demo-eta", spanMs = DEMO_LIVE_MS): EtaBacktest {
  const totalShare = SOURCES.reduce((sum, s) => sum + s.share, 0);
  return replayClusters((source) => {
    const cluster = new Cluster({
      seed: seedFrom(`${seed}:${source.key}`),
      speed: DEMO_SPEED,
      ratePerMinute: (DEMO_RATE * source.share) / totalShare,
      spikes: source.spikes,
      // Agents churning would change a pool's runners under the replay, which counts them fixed.
      agents: false,
      catalog: source.catalog,
      ...source.ids(0),
    });
    speeds.set(cluster, DEMO_SPEED);
    return cluster;
  }, spanMs);
}

/** The demo's default `--speed` and `--rate`. */
const DEMO_SPEED = 8;
const DEMO_RATE = 20;

/** The three backtests `npm run bench` runs: the bench's week, the demo's history, a live demo hour. */
export interface EtaBacktests {
  bench: EtaBacktest;
  demoHistory: EtaBacktest;
  demoLive: EtaBacktest;
}

/** True when the ETA beats naive on all three: the bench's week, the demo's history and the live demo. */
export const etaAhead = (b: EtaBacktests) =>
  etaBeatsNaive(b.bench) && etaBeatsNaive(b.demoHistory) && etaBeatsNaive(b.demoLive);

/** The lines `npm run bench` prints for the three. */
export function formatEtaBacktests(b: EtaBacktests): string {
  return [
    formatEtaBacktest(b.bench, "Queue ETA backtest, bench history (a week)"),
    formatEtaBacktest(b.demoHistory, `Queue ETA backtest, demo history (${DEMO_BACKFILL_DAYS} days)`),
    formatEtaBacktest(b.demoLive, "Queue ETA backtest, live demo (an hour at --rate 20 --speed 8)"),
  ].join("\n");
}
