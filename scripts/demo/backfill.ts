/**
 * The demo's history: the same simulated CI systems run over the past days
 * (30 by default) at a working week's rhythm, so Insights has trends from the
 * first minute. The simulation is the live one at real speed (a 4-minute job
 * takes 4 minutes of history), with fixed ids and delivery ids derived from
 * them: a second backfill sends the same deliveries, which Runwatch drops as
 * redeliveries, so history is never doubled.
 */
import { Cluster } from "./cluster";
import { Feed, type DeliveryMeta } from "./feed";
import { stableUuid } from "./ids";
import type { EnabledSource } from "./options";
import type { SimulatedSource } from "./sources";
import { seedFrom, Random } from "../../lib/random";
import type { Delivery } from "./sender";

/** The seed of every backfill: the same history each time, whatever the live session's seed. */
export const BACKFILL_SEED = "runwatch-demo-backfill";

/** Runs an hour, all sources together, at the busiest time of a working day (besides rushes). */
export const BACKFILL_PEAK_RUNS_PER_HOUR = 1;

/**
 * Mean time between rushes of one source in working hours, ms: a merge train
 * or a release branch landing 5 to 10 runs within seconds, which fill the
 * small self-hosted pools so jobs queue for minutes (what the Queue page and
 * the ETA are for). At the rhythm's chance, like runs: rarely at night.
 */
export const BACKFILL_RUSH_EVERY_MS = 12 * 3_600_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The span of history, ms since epoch: `end` is a whole hour at least an hour before now. */
export interface BackfillWindow {
  start: number;
  end: number;
}

/**
 * The window of a `days`-day backfill at `now`: it ends on the whole hour an
 * hour or more before now (so jobs still running at its end finish in the
 * past, and a backfill repeated within the hour sends byte-identical bodies).
 */
export function backfillWindow(now: number, days: number): BackfillWindow {
  const end = Math.floor(now / HOUR) * HOUR - HOUR;
  return { start: end - days * DAY, end };
}

/**
 * How busy CI is at `epochMs` (UTC), 0 to 1: working hours on weekdays are
 * busiest, evenings less, nights and weekends quiet (a few scheduled and bot runs).
 */
export function workWeekRhythm(epochMs: number): number {
  const date = new Date(epochMs);
  const day = date.getUTCDay();
  const hour = date.getUTCHours();
  const weekend = day === 0 || day === 6;
  const level = hour >= 8 && hour < 18 ? 1 : hour >= 18 && hour < 22 ? 0.4 : 0.08;
  return weekend ? level * 0.2 : level;
}

/**
 * The simulation of one source's history over `window`, `peakRunsPerHour`
 * its share of the busiest hour's runs. Deterministic (the backfill's seed).
 */
export function backfillCluster(
  source: SimulatedSource,
  window: BackfillWindow,
  peakRunsPerHour: number,
): Cluster {
  return new Cluster({
    seed: seedFrom(`${BACKFILL_SEED}:${source.key}`),
    speed: 1,
    ratePerMinute: peakRunsPerHour / 60,
    rhythm: (at) => workWeekRhythm(window.start + at),
    // Rushes at the history's pace; a live session's spikes (every few minutes) would swamp weeks.
    spikes: true,
    spikeEveryMs: BACKFILL_RUSH_EVERY_MS,
    // Agent churn is paced for a live session too.
    agents: false,
    catalog: source.catalog,
    // Fixed ids (those of a session at the 2025 epoch), far below any live session's.
    ...source.ids(0),
  });
}

/** One step of a backfill: the deliveries of the next slice of history, in order. */
export interface BackfillChunk {
  deliveries: Delivery<DeliveryMeta>[];
  /** Share of the history simulated once this chunk is sent, 0 to 1. */
  progress: number;
}

/** What a backfill is made of. */
export interface BackfillPlanOptions {
  sources: readonly EnabledSource[];
  baseUrl: string;
  window: BackfillWindow;
  /** Busiest runs an hour, all sources together (default `BACKFILL_PEAK_RUNS_PER_HOUR`). */
  peakRunsPerHour?: number;
  /** Simulated time per chunk, ms (default 6 hours). */
  chunkMs?: number;
}

/**
 * The backfill's deliveries, a slice of history at a time, oldest first.
 * Deterministic: the same sources and window length give the same delivery
 * ids in the same order (bodies carry the window's times).
 */
export function* backfillChunks(options: BackfillPlanOptions): Generator<BackfillChunk> {
  const { window } = options;
  const span = window.end - window.start;
  const chunkMs = options.chunkMs ?? 6 * HOUR;
  const peak = options.peakRunsPerHour ?? BACKFILL_PEAK_RUNS_PER_HOUR;
  const totalShare = options.sources.reduce((sum, e) => sum + e.source.share, 0);
  let out: Delivery<DeliveryMeta>[] = [];
  const collector = { enqueue: (delivery: Delivery<DeliveryMeta>) => void out.push(delivery) };

  const lanes = options.sources.map((enabled) => {
    const { source } = enabled;
    const cluster = backfillCluster(source, window, (peak * source.share) / totalShare);
    const sent = new Map<string, number>();
    const deliveryId = (key: string) => {
      const n = (sent.get(key) ?? 0) + 1;
      sent.set(key, n);
      return stableUuid(`${BACKFILL_SEED}:${key}`, n);
    };
    const noChaos = { duplicate: 0, late: 0 };
    const feed = new Feed(
      source,
      source.target(options.baseUrl, enabled.secret),
      collector,
      new Random(1),
      noChaos,
      deliveryId,
    );
    return { cluster, feed };
  });

  const ignoreNote = () => "";
  const take = () => {
    const chunk = out;
    out = [];
    return chunk;
  };
  for (let to = Math.min(chunkMs, span); ; to = Math.min(to + chunkMs, span)) {
    for (const { cluster, feed } of lanes) feed.push(cluster.advance(to), window.start, ignoreNote);
    if (to >= span) break;
    yield { deliveries: take(), progress: to / span };
  }
  // The window's end: no new runs, but what is running finishes (within the hour to now);
  // whatever would still run after that is cancelled, so nothing is left running in the past.
  const limit = span + HOUR - 60_000;
  for (const { cluster, feed } of lanes) {
    cluster.close();
    feed.push(cluster.advance(limit), window.start, ignoreNote);
    feed.push(cluster.stop(limit), window.start, ignoreNote);
    feed.release();
  }
  yield { deliveries: take(), progress: 1 };
}

/** True for a delivery reporting that a job finished (what "jobs" counts in the progress line). */
export const finishesJob = (delivery: Delivery<DeliveryMeta>): boolean => {
  const { event } = delivery.meta;
  return event.type === "job" && event.action === "completed";
};
