/**
 * The firing/resolved state machine of one rule, per subject, with an
 * injected clock (`at`/`now` are passed in; nothing here reads the time).
 *
 * - A condition that starts to hold notifies `firing` once.
 * - While it keeps holding it stays quiet until `cooldownMs` has passed since
 *   the last notification; the next observation after that notifies a
 *   `reminder` (docs/api.md, "Alerting": "again only as a reminder after
 *   `cooldownMs`"). A cool-down of 0 therefore notifies on every
 *   observation that holds (job_state's "every failure").
 * - When it stops holding it notifies `resolved` exactly once and forgets the
 *   subject, so the next time it holds it fires afresh (no cool-down across
 *   a resolution: a new incident is news).
 * - An observation whose `holds` is null (too little data to judge) changes
 *   nothing: a quiet hour must not resolve a low success rate.
 *
 * Only active subjects are kept, so the state is as large as what is firing.
 */
import type { AlertNotice } from "../../lib/alerts";
import type { SubjectState } from "../domain/alert-state";

export type { SubjectState };

/** The state after one observation, and the notification it calls for, if any. */
export interface ThrottleStep {
  state: SubjectState | undefined;
  notice: AlertNotice | null;
}

/**
 * One observation of one subject at time `at` (ms). `since` is when the
 * condition really began, when the observer knows (a job's queue time);
 * otherwise the first observation that held.
 */
export function observe(
  state: SubjectState | undefined,
  holds: boolean | null,
  at: number,
  cooldownMs: number,
  since: number = at,
): ThrottleStep {
  if (holds === null) return { state, notice: null };
  if (!holds) return state ? { state: undefined, notice: "resolved" } : { state: undefined, notice: null };
  if (!state)
    return { state: { since: Math.min(since, at), lastNotifiedAt: at, reminders: 0 }, notice: "firing" };
  if (at - state.lastNotifiedAt >= cooldownMs) {
    return { state: { ...state, lastNotifiedAt: at, reminders: state.reminders + 1 }, notice: "reminder" };
  }
  return { state, notice: null };
}

/** One subject's condition, as an evaluator saw it on a tick. */
export interface TickObservation {
  subject: string;
  /** null: not enough data to judge; the subject keeps its state. */
  holds: boolean | null;
  /** When the condition began, as ISO 8601, when the evaluator knows. */
  since?: string | null;
}

/** A notification a tick calls for. `observation` is null for a subject resolved by its absence. */
export interface TickNotice<O extends TickObservation> {
  subject: string;
  notice: AlertNotice;
  /** When the condition began (ms). */
  since: number;
  observation: O | null;
}

/**
 * Run one evaluation tick of a threshold-style rule: every observation goes
 * through {@link observe}; a subject that was firing but is no longer
 * observed at all (the stuck job started, the runner was removed) resolves.
 * Returns the new state map (the input is not modified) and the notices.
 */
export function throttleTick<O extends TickObservation>(
  states: ReadonlyMap<string, SubjectState>,
  observations: readonly O[],
  now: number,
  cooldownMs: number,
): { states: Map<string, SubjectState>; notices: TickNotice<O>[] } {
  const next = new Map<string, SubjectState>();
  const notices: TickNotice<O>[] = [];
  const seen = new Set<string>();
  for (const observation of observations) {
    if (seen.has(observation.subject)) continue; // First observation of a subject wins.
    seen.add(observation.subject);
    const before = states.get(observation.subject);
    const began = observation.since ? Date.parse(observation.since) : NaN;
    const step = observe(before, observation.holds, now, cooldownMs, Number.isFinite(began) ? began : now);
    if (step.state) next.set(observation.subject, step.state);
    const since = step.state?.since ?? before?.since ?? now;
    if (step.notice) notices.push({ subject: observation.subject, notice: step.notice, since, observation });
  }
  for (const [subject, state] of states) {
    if (!seen.has(subject))
      notices.push({ subject, notice: "resolved", since: state.since, observation: null });
  }
  return { states: next, notices };
}
