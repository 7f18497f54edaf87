/**
 * Webhook acknowledgement times for the `webhook_ack_p99` SLO. Runwatch does
 * not store an answer time per delivery; the cheapest honest source is the
 * `runwatch_webhook_ack_seconds` histogram this node already keeps (body
 * received → 2xx sent, by source). The sampler snapshots its cumulative
 * bucket counts whenever an SLO is evaluated, and a window's events are the
 * difference between now and the snapshot at the window's start.
 *
 * Limits, stated in the SLO's status note: the figures are this node's only,
 * since it started (a restart begins a fresh budget window), and "good" is
 * judged at the largest histogram bucket bound at or below the SLO's limit.
 */
import type { SloWindowCounts } from "../domain/slo-budget";

/** One source's cumulative histogram: bucket bounds (seconds, ascending), counts at or below each, and the total. */
export interface AckHistogram {
  le: number[];
  cumulative: number[];
  count: number;
}

/** Every source's histogram now. */
export type AckReading = Map<string, AckHistogram>;

/** What `counts` answers. */
export interface AckCounts {
  counts: SloWindowCounts;
  /** The bucket bound "good" was judged at, ms; null when the limit is below the smallest bucket (nothing is good). */
  boundMs: number | null;
  /** When this node's figures begin (its start), ms. */
  since: number;
}

/** The sampler. */
export interface AckSampler {
  /** Event counts per window for `source` (every source when undefined), answered within `maxMs`. */
  counts(
    source: string | undefined,
    maxMs: number,
    now: number,
    windows: Record<keyof SloWindowCounts, number>,
  ): Promise<AckCounts>;
}

interface Snapshot {
  at: number;
  reading: AckReading;
}

const HOUR = 3_600_000;
/** Every snapshot is kept this long (the longest burn window, 6 h, with a margin); older ones one per hour. */
const DENSE_MS = 6.5 * HOUR;
/** Nothing older than the budget window (28 days) and an hour is needed. */
const KEEP_MS = 28 * 24 * HOUR + HOUR;

/** Good (within the bound) and total acknowledgements in `reading` for `source` (all when undefined). */
function tally(reading: AckReading, source: string | undefined, boundSeconds: number | null) {
  let good = 0;
  let total = 0;
  for (const [name, histogram] of reading) {
    if (source !== undefined && name !== source) continue;
    total += histogram.count;
    if (boundSeconds === null) continue;
    const index = histogram.le.findIndex((le) => le === boundSeconds);
    if (index >= 0) good += histogram.cumulative[index] ?? 0;
  }
  return { good, total };
}

/** Creates a sampler over `read` (normally the telemetry's histogram); its figures start at `startedAt`. */
export function createAckSampler(read: () => Promise<AckReading>, startedAt: number): AckSampler {
  // The first snapshot is the node's start: nothing acknowledged yet.
  const snapshots: Snapshot[] = [{ at: startedAt, reading: new Map() }];

  function keep(now: number, reading: AckReading): void {
    snapshots.push({ at: now, reading });
    const seenHours = new Set<number>();
    const kept = snapshots.filter((s) => {
      if (now - s.at > KEEP_MS) return false;
      if (now - s.at <= DENSE_MS) return true;
      const hour = Math.floor(s.at / HOUR);
      if (seenHours.has(hour)) return false;
      seenHours.add(hour);
      return true;
    });
    snapshots.splice(0, snapshots.length, ...(kept.length > 0 ? kept : [{ at: now, reading }]));
  }

  return {
    async counts(source, maxMs, now, windows) {
      const reading = await read();
      const bounds = [...new Set([...reading.values()].flatMap((h) => h.le))].sort((a, b) => a - b);
      // A float bound (0.0025 s) compared in seconds with a tolerance, so 2.5 ms finds it.
      const boundSeconds = bounds.filter((le) => le <= maxMs / 1000 + 1e-12).at(-1) ?? null;
      const current = tally(reading, source, boundSeconds);
      const counts = {} as SloWindowCounts;
      for (const key of Object.keys(windows) as (keyof SloWindowCounts)[]) {
        const from = now - windows[key];
        // The last snapshot at or before the window's start; the node's start when it is younger.
        const base = snapshots.filter((s) => s.at <= from).at(-1) ?? snapshots[0];
        const before = base ? tally(base.reading, source, boundSeconds) : { good: 0, total: 0 };
        const good = current.good - before.good;
        counts[key] = { good, bad: current.total - before.total - good };
      }
      keep(now, reading);
      return { counts, boundMs: boundSeconds === null ? null : boundSeconds * 1000, since: startedAt };
    },
  };
}

/** Reads a prom-client histogram's values into an {@link AckReading} (by its `source` label). */
export function ackReadingOf(
  values: readonly {
    labels: Record<string, string | number | undefined>;
    value: number;
    metricName?: string;
  }[],
): AckReading {
  const reading: AckReading = new Map();
  const of = (source: string) => {
    let h = reading.get(source);
    if (!h) reading.set(source, (h = { le: [], cumulative: [], count: 0 }));
    return h;
  };
  for (const v of values) {
    const source = String(v.labels.source ?? "");
    if (v.metricName?.endsWith("_count")) of(source).count = v.value;
    else if (v.metricName?.endsWith("_bucket") && v.labels.le !== "+Inf" && v.labels.le !== undefined) {
      const h = of(source);
      h.le.push(Number(v.labels.le));
      h.cumulative.push(v.value);
    }
  }
  return reading;
}
