/**
 * The unit every metric is built from: an aggregate of jobs over a span of
 * time — outcome counts, starts, and two sketches (durations, queue times).
 * Aggregates of adjacent spans merge exactly, so an hourly roll-up, a raw
 * scan of a partial hour and a 90-day window are all the same shape.
 * Pure: no clock, no I/O.
 */
import type { Distribution } from "../../lib/metrics";
import type { JobStatus } from "../../lib/job";
import { absorbSketch, addToSketch, emptySketch, sketchMean, sketchQuantiles, type Sketch } from "./sketch";

/** Counts and sketches of the jobs in one span. */
export interface Aggregate {
  success: number;
  failure: number;
  timed_out: number;
  cancelled: number;
  skipped: number;
  neutral: number;
  /** Jobs that finished in the span, whatever their status. */
  finished: number;
  /** Jobs that started in the span. */
  started: number;
  /** Durations of jobs that finished as success, failure or timed_out. */
  duration: Sketch;
  /** Queue times of jobs that started. */
  queue: Sketch;
}

/** What a job contributes, as the store's narrow columns hold it (times in ms). */
export interface JobFact {
  status: JobStatus;
  startedAt: number | null;
  finishedAt: number | null;
  queueMs: number | null;
  durationMs: number | null;
}

/** An aggregate with nothing in it. */
export const emptyAggregate = (): Aggregate => ({
  success: 0,
  failure: 0,
  timed_out: 0,
  cancelled: 0,
  skipped: 0,
  neutral: 0,
  finished: 0,
  started: 0,
  duration: emptySketch(),
  queue: emptySketch(),
});

/** Statuses whose duration is measured (docs/metrics.md: success, failure, timed_out). */
const TIMED: ReadonlySet<JobStatus> = new Set(["success", "failure", "timed_out"]);
const COUNTED = ["success", "failure", "timed_out", "cancelled", "skipped", "neutral"] as const;

/** Adds a job that finished in the span (in place). */
export function addFinished(aggregate: Aggregate, job: Pick<JobFact, "status" | "durationMs">): void {
  aggregate.finished += 1;
  const status = job.status as (typeof COUNTED)[number];
  if (COUNTED.includes(status)) aggregate[status] += 1;
  if (TIMED.has(job.status) && job.durationMs !== null && Number.isFinite(job.durationMs))
    addToSketch(aggregate.duration, job.durationMs);
}

/** Adds a job that started in the span (in place). */
export function addStarted(aggregate: Aggregate, job: Pick<JobFact, "queueMs">): void {
  aggregate.started += 1;
  if (job.queueMs !== null && Number.isFinite(job.queueMs)) addToSketch(aggregate.queue, job.queueMs);
}

/**
 * Adds a job to the aggregate of the span [from, to): as finished when it
 * finished inside, as started when it started inside (both, or neither).
 */
export function addFact(aggregate: Aggregate, job: JobFact, from: number, to: number): void {
  if (job.finishedAt !== null && job.finishedAt >= from && job.finishedAt < to) addFinished(aggregate, job);
  if (job.startedAt !== null && job.startedAt >= from && job.startedAt < to) addStarted(aggregate, job);
}

/** Adds everything in `source` to `target`, in place; returns `target`. */
export function absorbAggregate(target: Aggregate, source: Aggregate): Aggregate {
  for (const key of [...COUNTED, "finished", "started"] as const) target[key] += source[key];
  absorbSketch(target.duration, source.duration);
  absorbSketch(target.queue, source.queue);
  return target;
}

/**
 * Successes of decided jobs: success ÷ (success + failure + timed_out); null
 * when none of those. Cancelled, skipped and neutral jobs decided nothing about
 * the code, so they are in neither side (docs/metrics.md, "Success rate").
 * Every rate Runwatch shows — summary, time series, workflow health, daily
 * roll-ups, the success_rate alert rule, runs — is this one.
 */
export function successRate(a: Pick<Aggregate, "success" | "failure" | "timed_out">): number | null {
  const counted = a.success + a.failure + a.timed_out;
  return counted === 0 ? null : a.success / counted;
}

/** Percentiles, mean and max of a sketch, rounded to whole milliseconds. */
export function distribution(sketch: Sketch): Distribution {
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));
  const [p50, p90, p95, p99] = sketchQuantiles(sketch, [0.5, 0.9, 0.95, 0.99]);
  return {
    p50: round(p50),
    p90: round(p90),
    p95: round(p95),
    p99: round(p99),
    mean: round(sketchMean(sketch)),
    max: sketch.max,
  };
}
