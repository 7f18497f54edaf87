/**
 * Plausible times: a CI event happens after 2000-01-01 and not more than a day
 * after the server's clock (clocks drift, time zones get mislabelled, but not
 * by more). A time outside that range is a forged or broken delivery; stored,
 * it would distort every metric that measures time (a runner "busy" for
 * billions of ms). Pure: the caller passes its clock's now.
 */
import type { Observations } from "./observations";

/** The earliest time a delivery may carry: 2000-01-01T00:00:00Z. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/** How far after now a delivery's time may be: 24 h. */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** The first implausible time of a delivery: the normalised field that holds it, and why. */
export interface ImplausibleTime {
  /** The normalised field: `job.startedAt`, `job.steps[2].finishedAt`, `run.queuedAt`, `runner.at`. */
  field: string;
  /** One sentence naming the field, its value and the range. */
  message: string;
}

type Named = readonly [field: string, value: string | null | undefined];

/** Every time field of one delivery's observations, named as the normalised shape names it. */
function* timesOf(observations: Observations): Generator<Named> {
  for (const job of observations.jobs) {
    yield ["job.queuedAt", job.queuedAt];
    yield ["job.startedAt", job.startedAt];
    yield ["job.finishedAt", job.finishedAt];
    for (const [i, step] of job.steps.entries()) {
      yield [`job.steps[${i}].startedAt`, step.startedAt];
      yield [`job.steps[${i}].finishedAt`, step.finishedAt];
    }
  }
  for (const run of observations.runs) {
    yield ["run.queuedAt", run.queuedAt];
    yield ["run.startedAt", run.startedAt];
    yield ["run.finishedAt", run.finishedAt];
  }
  for (const agent of observations.agents) yield ["runner.at", agent.at];
}

/**
 * The first time in `observations` before {@link EARLIEST_PLAUSIBLE_MS} or more
 * than {@link FUTURE_SLACK_MS} after `now` (or not a time at all); null when
 * every time is plausible. Linear in the delivery's size.
 */
export function implausibleTime(observations: Observations, now: number): ImplausibleTime | null {
  const latest = now + FUTURE_SLACK_MS;
  for (const [field, value] of timesOf(observations)) {
    if (value === null || value === undefined) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return { field, message: `${field} is not a time (got ${JSON.stringify(value)})` };
    if (at < EARLIEST_PLAUSIBLE_MS) {
      return { field, message: `${field} ${value} is before 2000-01-01: not a plausible time` };
    }
    if (at > latest) {
      return {
        field,
        message: `${field} ${value} is more than 24 h after the server's clock (${new Date(now).toISOString()}): not a plausible time`,
      };
    }
  }
  return null;
}
