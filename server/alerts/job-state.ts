/**
 * Broke / fixed / failure: what a finished job means for its series, and
 * which of that a `job_state` rule notifies. Pure; the caller keeps the state.
 *
 * A series is every run of one job: (source, repo, branch, workflow, job name).
 * Its state is the newest terminal outcome and when that job finished, so
 * events are decided by finish time, not arrival order: a late delivery of an
 * older job is history (it is stored and counted in metrics) and changes
 * nothing here, neither the state nor a notification. Without that, a
 * replayed backlog would "break" and "fix" series that are green today.
 *
 * Outcomes: success passes; failure and timed_out fail; cancelled and skipped
 * say nothing about health (a person or a newer push stopped them), so they
 * leave the series as it was.
 *
 * A series' first-ever failure counts as `broke`: a new job that fails from its
 * first run is as broken as one that regressed. So the state must survive
 * restarts: persist it, or seed it with {@link seriesStateFrom} from the latest
 * stored terminal job of the series before evaluating a new one.
 */
import type { AlertNotice, AlertRule, JobStateEvent } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import type { MatchTarget } from "./glob";
import type { SeriesState, SubjectState } from "../domain/alert-state";
import { observe } from "./throttle";

export type { SeriesState };

/** The fields of a job the evaluator reads. */
export type SeriesJob = Pick<
  Job,
  "id" | "source" | "repo" | "branch" | "workflow" | "name" | "status" | "finishedAt"
>;

/** The result of evaluating one job against its series. */
export interface JobStateResult {
  state: SeriesState | undefined;
  /** In order: `failure` and `broke` for the failure that broke it; `failure` alone for later ones; `fixed`. */
  events: JobStateEvent[];
  /** True when the job was older than (or the same as) what the series already knew: no events. */
  stale: boolean;
}

/** The series a job belongs to, as an unambiguous key (also the alert subject of job_state rules). */
export function seriesKey(job: Pick<Job, "source" | "repo" | "branch" | "workflow" | "name">): string {
  return JSON.stringify([job.source, job.repo, job.branch, job.workflow, job.name]);
}

/** What a job_state rule's `match` is tested against (`matcherFor(rule)(jobMatchTarget(job))`). */
export const jobMatchTarget = (job: SeriesJob & Pick<Job, "runner">): MatchTarget => ({
  source: job.source,
  repo: job.repo,
  branch: job.branch,
  workflow: job.workflow,
  job: job.name,
  labels: job.runner.labels,
});

const outcomeOf = (status: Job["status"]): "pass" | "fail" | null =>
  status === "success" ? "pass" : status === "failure" || status === "timed_out" ? "fail" : null;

/**
 * Evaluate one job against its series' state. `fallbackAt` (ms; when the
 * delivery arrived) stands in for a missing `finishedAt`. Call it when a
 * stored job first becomes terminal; a repeat of the newest job is ignored.
 */
export function evaluateJobState(
  state: SeriesState | undefined,
  job: SeriesJob,
  fallbackAt: number,
): JobStateResult {
  const outcome = outcomeOf(job.status);
  if (outcome === null) return { state, events: [], stale: false };
  const parsed = job.finishedAt ? Date.parse(job.finishedAt) : NaN;
  const at = Number.isFinite(parsed) ? parsed : fallbackAt;
  if (state && (at < state.finishedAt || (job.id === state.jobId && outcome === state.outcome))) {
    return { state, events: [], stale: true };
  }
  if (outcome === "pass") {
    const next: SeriesState = { outcome, finishedAt: at, jobId: job.id, failingSince: null, failures: 0 };
    return { state: next, events: state?.outcome === "fail" ? ["fixed"] : [], stale: false };
  }
  const continuing = state?.outcome === "fail";
  const next: SeriesState = {
    outcome,
    finishedAt: at,
    jobId: job.id,
    failingSince: continuing ? state.failingSince : at,
    failures: continuing ? state.failures + 1 : 1,
  };
  return { state: next, events: continuing ? ["failure"] : ["failure", "broke"], stale: false };
}

/** A series' state from its latest stored terminal job (seeding after a restart); undefined if it says nothing. */
export function seriesStateFrom(job: SeriesJob, fallbackAt: number): SeriesState | undefined {
  return evaluateJobState(undefined, job, fallbackAt).state;
}

/** What one job_state rule does with one job's events. */
export interface JobStateDecision {
  /** The rule's throttle state for this series afterwards. */
  state: SubjectState | undefined;
  /** The notification to send, if any: the event it reports and its notice. */
  notify: { event: JobStateEvent; notice: AlertNotice } | null;
}

/**
 * Apply a job_state rule (its `on` and `cooldownMs`) to the events of one job
 * of a series the rule matches, with the rule's throttle state for that series.
 * `broke` fires and `fixed` resolves the series subject; `failure` is the
 * condition holding again, which notifies (as a reminder) only when `on`
 * includes it and the cool-down allows: a cool-down of 0 means every failure.
 * `fixed` notifies whenever the rule asks for it, even if the rule was created
 * after the series broke: fixed happens once per streak by construction.
 */
export function decideJobState(
  rule: Pick<AlertRule, "on" | "cooldownMs">,
  state: SubjectState | undefined,
  result: JobStateResult,
  at: number,
): JobStateDecision {
  const wants = (event: JobStateEvent) => rule.on.includes(event);
  if (result.events.includes("fixed")) {
    return { state: undefined, notify: wants("fixed") ? { event: "fixed", notice: "resolved" } : null };
  }
  if (!result.events.includes("failure")) return { state, notify: null };
  const since = result.state?.failingSince ?? at;
  const step = observe(state, true, at, rule.cooldownMs, since);
  if (step.notice === "firing") {
    // The first notice of a streak (or of a rule created mid-streak) reports `broke` when that is what happened.
    const event = result.events.includes("broke") && wants("broke") ? "broke" : "failure";
    return { state: step.state, notify: wants(event) ? { event, notice: "firing" } : null };
  }
  if (step.notice === "reminder" && wants("failure")) {
    return { state: step.state, notify: { event: "failure", notice: "reminder" } };
  }
  // Not notified: keep the last notification time, so the cool-down runs from what was actually sent.
  return { state: step.notice === "reminder" ? state : step.state, notify: null };
}
