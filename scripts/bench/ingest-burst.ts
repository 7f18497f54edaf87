/**
 * Two ingest tests of Runwatch alone. The burst: 5,000 distinct deliveries as
 * fast as 64 connections take them — GitHub gives up on a delivery after
 * 10 s and does not retry, so every one must be acknowledged, the slowest
 * within 10 s. The growing run: every delivery a new job of ONE run, up to
 * 5,000 jobs, so a per-event cost that grows with the run shows as falling
 * throughput between the first and the last 500.
 */
import type { ChildServer } from "./child";
import { deliveryStream } from "./deliveries";
import { closedLoop } from "./load-client";
import { ticker } from "./progress";
import { latencyOf, type Latency } from "./stats";

const WEBHOOK_PATH = "/api/v1/webhooks/github";

/** What the burst did. */
export interface BurstResult {
  deliveries: number;
  connections: number;
  acknowledged: number;
  failed: number;
  statuses: Record<string, number>;
  /** The slowest single acknowledgement, ms. */
  slowestMs: number;
  latency: Latency;
  /** From the first send to the last acknowledgement, ms. */
  totalMs: number;
}

/** Sends `deliveries` distinct deliveries over `connections` connections, as fast as they go, for `capMs` at most. */
export async function burst(
  server: ChildServer,
  options: { deliveries: number; connections: number; capMs: number; firstJobId: number },
): Promise<BurstResult> {
  const stream = deliveryStream({ firstJobId: options.firstJobId, firstRunId: options.firstJobId });
  // Rendered and signed up front: the burst measures the server, not the client.
  const all = Array.from({ length: options.deliveries }, () => stream.next());
  let next = 0;
  const tick = ticker("burst");
  const load = await closedLoop({
    url: `${server.url}${WEBHOOK_PATH}`,
    connections: options.connections,
    // A server far too slow for the burst is not waited for past the cap (the rest count as not acknowledged).
    durationMs: options.capMs,
    next: () => all[next++],
    onProgress: (n) =>
      tick.update(`${n.toLocaleString("en-US")} / ${options.deliveries.toLocaleString("en-US")}`),
  });
  tick.done();
  const latency = latencyOf(load.latencies);
  return {
    deliveries: options.deliveries,
    connections: options.connections,
    acknowledged: load.ok,
    failed: load.failed,
    statuses: load.statuses,
    slowestMs: latency.max,
    latency,
    totalMs: load.elapsedMs,
  };
}

/**
 * Deliveries per second over the first and the last `window` of `completions`
 * (ms timestamps of each acknowledgement, ascending), `startedAt` the first
 * send. Null when there are fewer than `window` + 1 completions.
 */
export function windowRates(
  completions: readonly number[],
  startedAt: number,
  window: number,
): { first: number; last: number } | null {
  const n = completions.length;
  if (n <= window) return null;
  const firstEnd = completions[window - 1] as number;
  const lastStart = completions[n - window - 1] as number;
  const lastEnd = completions[n - 1] as number;
  const rate = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : Infinity);
  return { first: rate(window, firstEnd - startedAt), last: rate(window, lastEnd - lastStart) };
}

/** What the growing run did. */
export interface GrowingRunResult {
  /** Jobs asked for, and acknowledged (fewer when the time cap stopped it). */
  target: number;
  jobs: number;
  failed: number;
  /** Deliveries per second over the first and the last `window` jobs. */
  firstPerSecond: number | null;
  lastPerSecond: number | null;
  window: number;
  totalMs: number;
  /** True when the time cap ended it before `target` jobs. */
  capped: boolean;
}

/** Grows one run to `jobs` jobs over `connections` connections, stopping at `capMs`. */
export async function growingRun(
  server: ChildServer,
  options: { jobs: number; connections: number; window: number; capMs: number; firstJobId: number },
): Promise<GrowingRunResult> {
  const stream = deliveryStream({
    firstJobId: options.firstJobId,
    firstRunId: options.firstJobId,
    jobsPerRun: Infinity,
  });
  const completions: number[] = [];
  const tick = ticker("growing run");
  const started = performance.now();
  const load = await closedLoop({
    url: `${server.url}${WEBHOOK_PATH}`,
    connections: options.connections,
    durationMs: options.capMs,
    next: () => (stream.sent < options.jobs ? stream.next() : undefined),
    onAnswer: (_request, status, sentAt, ms) => {
      if (status >= 200 && status < 300) completions.push(sentAt + ms);
    },
    onProgress: (n) =>
      tick.update(`${n.toLocaleString("en-US")} / ${options.jobs.toLocaleString("en-US")} jobs`),
  });
  tick.done();
  completions.sort((a, b) => a - b);
  const rates = windowRates(completions, started, options.window);
  return {
    target: options.jobs,
    jobs: load.ok,
    failed: load.failed,
    firstPerSecond: rates?.first ?? null,
    lastPerSecond: rates?.last ?? null,
    window: options.window,
    totalMs: load.elapsedMs,
    capped: load.ok + load.failed < options.jobs,
  };
}
