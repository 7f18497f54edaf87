/**
 * Event-loop health: how late the main thread gets to run what is due, as
 * measured by Node (`perf_hooks.monitorEventLoopDelay`). Node's samples are
 * the time between two wake-ups of a timer set every `resolutionMs`, so an
 * idle loop reads `resolutionMs`; the figures here are beyond that: an idle
 * loop reads 0, a synchronous block of 30 ms about 30. Figures cover a rolling window, so a
 * reader polling every few seconds sees each stretch of lag, not an average
 * since start-up. No store, no HTTP: `server/http/runtime-routes.ts` serves it.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/** Event-loop delay over a window, in ms. */
export interface EventLoopLag {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How long the figures cover (the last complete window, or the current one until it completes). */
  windowMs: number;
}

/** A running monitor. */
export interface EventLoopMonitor {
  /** The latest figures. */
  lag(): EventLoopLag;
  /** Stops measuring. */
  stop(): void;
}

/** Options of {@link startEventLoopMonitor}. */
export interface EventLoopMonitorOptions {
  /** Length of a window, ms (default 5000). */
  windowMs?: number;
  /** Sampling period, ms (default 10; Node's default, finer costs more wake-ups). */
  resolutionMs?: number;
}

const NS_PER_MS = 1e6;
const round = (ms: number) => Math.round(ms * 100) / 100;

/** Figures of a histogram in ms beyond the sampling period; zeros when it holds no sample yet. */
function figures(histogram: IntervalHistogram, resolutionMs: number, windowMs: number): EventLoopLag {
  if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, windowMs };
  const lag = (ns: number) => round(Math.max(0, ns / NS_PER_MS - resolutionMs));
  return {
    p50Ms: lag(histogram.percentile(50)),
    p99Ms: lag(histogram.percentile(99)),
    maxMs: lag(histogram.max),
    windowMs,
  };
}

/** Starts measuring; the monitor's timer never keeps the process alive. */
export function startEventLoopMonitor(options: EventLoopMonitorOptions = {}): EventLoopMonitor {
  const windowMs = options.windowMs ?? 5000;
  const resolutionMs = options.resolutionMs ?? 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let started = performance.now();
  let previous: EventLoopLag | null = null;
  const rotate = setInterval(() => {
    const now = performance.now();
    previous = figures(histogram, resolutionMs, round(now - started));
    histogram.reset();
    started = now;
  }, windowMs);
  rotate.unref();
  return {
    lag: () => previous ?? figures(histogram, resolutionMs, round(performance.now() - started)),
    stop() {
      clearInterval(rotate);
      histogram.disable();
    },
  };
}
