/**
 * Events computed in Node rather than SQL: default-branch breaks and how soon
 * each was fixed (time_to_green), and the per-window counts of any event list.
 * Pure: `now` is passed in.
 */
import type { SloEventCount } from "../../lib/slo";
import type { SloWindowCounts } from "./slo-budget";

/** One timed event: good or bad, at `t` (ms). */
export interface TimedEvent {
  good: boolean;
  t: number;
}

/** A finished run, as the break scan reads it. */
export interface BreakRun {
  id: string;
  repo: string;
  workflow: string;
  /** `success`, `failure` or `timed_out`. */
  status: string;
  /** Its finish, ms. */
  at: number;
}

/** A break: the failing run after a success, its fix (null while still red), and its verdict as an event. */
export interface BreakEvent extends TimedEvent {
  run: BreakRun;
  fixedAt: number | null;
}

/**
 * The breaks of every (repository, workflow) series in `runs` (oldest
 * first), each an event: good at its fix when fixed within `maxMs`; bad at
 * `break + maxMs` when fixed later or not yet (a break younger than `maxMs`
 * and still red is no event yet). The first run seen of a series only seeds
 * it: a series first seen red cannot be told to have broken.
 */
export function breakEvents(runs: readonly BreakRun[], maxMs: number, now: number): BreakEvent[] {
  const series = new Map<string, { green: boolean; open: BreakRun | null }>();
  const events: BreakEvent[] = [];
  for (const run of runs) {
    const key = `${run.repo}\u0000${run.workflow}`;
    const green = run.status === "success";
    const state = series.get(key);
    if (!state) {
      series.set(key, { green, open: null });
      continue;
    }
    if (!green && state.green && !state.open) state.open = run;
    if (green && state.open) {
      const took = run.at - state.open.at;
      const good = took <= maxMs;
      events.push({ run: state.open, fixedAt: run.at, good, t: good ? run.at : state.open.at + maxMs });
      state.open = null;
    }
    state.green = green;
  }
  for (const { open } of series.values())
    if (open && now - open.at > maxMs)
      events.push({ run: open, fixedAt: null, good: false, t: open.at + maxMs });
  return events;
}

/** Counts `events` per window `(now - ms, now]`. */
export function countWindows(
  events: readonly TimedEvent[],
  now: number,
  windows: Record<keyof SloWindowCounts, number>,
): SloWindowCounts {
  const counts = {} as SloWindowCounts;
  for (const key of Object.keys(windows) as (keyof SloWindowCounts)[]) {
    const from = now - windows[key];
    const count: SloEventCount = { good: 0, bad: 0 };
    for (const event of events) {
      if (event.t <= from || event.t > now) continue;
      if (event.good) count.good += 1;
      else count.bad += 1;
    }
    counts[key] = count;
  }
  return counts;
}
