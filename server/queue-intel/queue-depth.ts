/**
 * The queue depth series and the ETA accuracy beside it, from the per-minute
 * roll-up (`queue_depth`) and the stored ETA outcomes (`eta_outcomes`).
 * Buckets are whole minutes, as few as give at most 240 points; a bucket takes
 * the most waiting and running of its minutes (summed over pools when no pool
 * is named), and a bucket without any change carries the last counts forward.
 */
import type {
  EtaAccuracy,
  QueueDepthPoint,
  QueueDepthQuery,
  QueueDepthResponse,
} from "../../lib/queue-depth";
import type { EtaOutcome, QueueIntelStore } from "../store/queue-intel-store";
import { iso, windowRange } from "../metrics/window";

const MINUTE = 60_000;
const MAX_POINTS = 240;

/** Median error and the share within ±30% of the wait left when each ETA was given. */
export function etaAccuracy(outcomes: readonly EtaOutcome[]): EtaAccuracy {
  if (outcomes.length === 0) return { predictions: 0, medianAbsErrorMs: null, within30: null };
  const errors = outcomes.map((o) => Math.abs(o.predictedStart - o.actualStart)).sort((a, b) => a - b);
  const within = outcomes.filter(
    (o) => Math.abs(o.predictedStart - o.actualStart) <= 0.3 * Math.max(0, o.actualStart - o.givenAt),
  ).length;
  return {
    predictions: outcomes.length,
    medianAbsErrorMs: errors[Math.floor((errors.length - 1) / 2)]!,
    within30: within / outcomes.length,
  };
}

/** The series and accuracy for the query, at `now`. */
export async function queueDepth(
  store: Pick<QueueIntelStore, "queueDepth" | "etaOutcomes">,
  query: QueueDepthQuery,
  now: number,
): Promise<QueueDepthResponse> {
  const { from, to } = windowRange(query.window, now);
  const bucketMs = Math.max(1, Math.ceil((to - from) / MINUTE / MAX_POINTS)) * MINUTE;
  const start = Math.floor(from / bucketMs) * bucketMs;
  const pool = query.pool ?? null;
  const [rows, outcomes] = await Promise.all([
    store.queueDepth(pool, start, to),
    store.etaOutcomes(pool, from, to),
  ]);
  // Per bucket and pool: the most of each; per pool: the last counts seen (carried into quiet buckets).
  const buckets = new Map<number, Map<string, { waiting: number; running: number }>>();
  for (const row of rows) {
    const at = Math.floor((row.minute - start) / bucketMs);
    let pools = buckets.get(at);
    if (!pools) buckets.set(at, (pools = new Map()));
    const seen = pools.get(row.pool) ?? { waiting: 0, running: 0 };
    pools.set(row.pool, {
      waiting: Math.max(seen.waiting, row.waitingMax),
      running: Math.max(seen.running, row.runningMax),
    });
  }
  const last = new Map<string, { waiting: number; running: number }>();
  const lastOf = new Map<number, Map<string, { waiting: number; running: number }>>();
  for (const row of rows) {
    const at = Math.floor((row.minute - start) / bucketMs);
    let pools = lastOf.get(at);
    if (!pools) lastOf.set(at, (pools = new Map()));
    pools.set(row.pool, { waiting: row.waitingLast, running: row.runningLast });
  }
  const points: QueueDepthPoint[] = [];
  const count = Math.ceil((to - start) / bucketMs);
  for (let i = 0; i < count; i += 1) {
    const here = buckets.get(i);
    let waiting = 0;
    let running = 0;
    for (const [name, counts] of last) {
      if (here?.has(name)) continue;
      waiting += counts.waiting;
      running += counts.running;
    }
    for (const counts of here?.values() ?? []) {
      waiting += counts.waiting;
      running += counts.running;
    }
    for (const [name, counts] of lastOf.get(i) ?? []) last.set(name, counts);
    points.push({ at: iso(start + i * bucketMs), waiting, running });
  }
  return {
    pool,
    window: query.window,
    from: iso(from),
    to: iso(to),
    bucketMs,
    points,
    accuracy: etaAccuracy(outcomes),
  };
}
