/**
 * From a decision to an `Alert` record: what the alert says (content) and how
 * a notice moves it through its life (firing → reminders → resolved). Pure;
 * the store assigns ids and keeps one open alert per (rule, subject).
 */
import type {
  Alert,
  AlertCause,
  AlertEvent,
  AlertFact,
  AlertNotice,
  AlertRule,
  AlertWhere,
  JobStateEvent,
} from "../../lib/alerts";
import type { Job } from "../../lib/job";
import { dashboardUrl, formatDuration, jobPath } from "./format";
import type { AlertDraft, SeriesState } from "../domain/alert-state";
import type { Observation } from "./observation";
import type { TickNotice } from "./throttle";

/** What an alert says; everything but its identity and life-cycle times. */
export type AlertContent = Pick<Alert, "summary" | "where" | "facts" | "since" | "job" | "link">;

const iso = (ms: number) => new Date(ms).toISOString();

/** The content of a threshold-rule notice; null when the subject resolved by disappearing. */
export function observationContent(
  notice: TickNotice<Observation>,
  baseUrl: string | null,
): AlertContent | null {
  const o = notice.observation;
  if (!o) return null;
  return {
    summary: o.summary,
    where: o.where,
    facts: o.facts,
    since: iso(notice.since),
    job: o.job ?? null,
    link: dashboardUrl(baseUrl, o.path),
  };
}

/**
 * The content of a job_state notification about `job`. `before` and `after`
 * are the series state either side of the job (the streak a `fixed` ends is
 * in `before`; the one a failure extends is in `after`).
 */
export function jobContent(
  job: Job,
  event: JobStateEvent,
  before: SeriesState | undefined,
  after: SeriesState | undefined,
  baseUrl: string | null,
): AlertContent {
  const name = `${job.name} (${job.repo} · ${job.workflow || "no workflow"})`;
  const on = job.branch ? ` on ${job.branch}` : "";
  const streak = event === "fixed" ? before : after;
  const failures = streak?.failures ?? 1;
  const finished = job.finishedAt ? Date.parse(job.finishedAt) : NaN;
  const lasted =
    streak?.failingSince != null && Number.isFinite(finished)
      ? ` over ${formatDuration(finished - streak.failingSince)}`
      : "";
  const cause = job.failure
    ? ` (${job.failure.cause}${job.failure.step ? ` in "${job.failure.step}"` : ""})`
    : "";
  const summary =
    event === "fixed"
      ? `${name} passes again${on} after ${failures} failure${failures === 1 ? "" : "s"}${lasted}.`
      : event === "broke"
        ? `${name} ${job.status === "timed_out" ? "timed out" : "failed"}${on}${cause}${before ? "; it passed before" : " on its first recorded run"}.`
        : `${name} ${job.status === "timed_out" ? "timed out" : "failed"}${on}${cause}: ${failures} failure${failures === 1 ? "" : "s"} in a row.`;
  const where: AlertWhere = {
    source: job.source,
    repo: job.repo,
    branch: job.branch,
    workflow: job.workflow,
    job: job.name,
    runner: job.runner.name,
  };
  const facts: AlertFact[] = [{ label: "Status", value: job.status }];
  if (job.failure)
    facts.push({
      label: "Cause",
      value: `${job.failure.cause}${job.failure.step ? ` · ${job.failure.step}` : ""}`,
    });
  if (job.sha) facts.push({ label: "Commit", value: job.sha.slice(0, 12) });
  if (job.attempt > 1) facts.push({ label: "Attempt", value: String(job.attempt) });
  if (event !== "broke") facts.push({ label: "Failures in a row", value: String(failures) });
  return {
    summary,
    where,
    facts,
    since: streak?.failingSince != null ? iso(streak.failingSince) : (job.finishedAt ?? null),
    job: {
      id: job.id,
      source: job.source,
      repo: job.repo,
      workflow: job.workflow,
      name: job.name,
      branch: job.branch,
      sha: job.sha,
      status: job.status,
      finishedAt: job.finishedAt,
      url: job.url,
      runner: job.runner.name,
    },
    link: dashboardUrl(baseUrl, jobPath(job.id)),
  };
}

/** How a notice came about: the job (and run) behind it, and for a resolution, what changed. */
export interface NoticeCause {
  /** The job whose event this notice reports (it opens or closes the alert), or null. */
  cause: AlertCause | null;
  /** A resolution's one-sentence reason; defaults to the summary the resolution carries. */
  resolution?: string;
}

/**
 * The alert after a notice. `firing` opens a new alert; `reminder` updates the
 * open one (or opens one if it was lost); `resolved` closes the open one
 * (content refreshed when the notice has it), or records a closed one when
 * none was open (a `fixed` for a rule created mid-streak). `by.cause` becomes
 * `openedBy` of a new alert and `closedBy` of a resolved one.
 */
export function nextAlert(
  rule: Pick<AlertRule, "id" | "name" | "kind" | "severity">,
  subject: string,
  open: Alert | null,
  notice: AlertNotice,
  event: AlertEvent,
  content: AlertContent | null,
  now: number,
  by: NoticeCause = { cause: null },
): AlertDraft {
  const at = iso(now);
  const base: AlertDraft = open
    ? { ...open }
    : {
        id: null,
        ruleId: rule.id,
        ruleName: rule.name,
        kind: rule.kind,
        severity: rule.severity,
        state: "firing",
        event,
        subject,
        summary: "",
        where: {},
        facts: [],
        since: null,
        firedAt: at,
        resolvedAt: null,
        job: null,
        link: null,
        openedBy: by.cause,
        closedBy: null,
        resolution: null,
      };
  const fresh: AlertDraft =
    notice === "firing"
      ? {
          ...base,
          id: null,
          firedAt: at,
          resolvedAt: null,
          openedBy: by.cause,
          closedBy: null,
          resolution: null,
        }
      : base;
  const withContent: AlertDraft = content
    ? { ...fresh, ...content, since: content.since ?? fresh.since }
    : {
        ...fresh,
        summary:
          by.resolution ??
          (open
            ? `No longer observed (it ended or was removed). Was: ${open.summary}`
            : "No longer observed."),
      };
  // The rule may have been renamed or re-graded since the alert opened; show it as it is now.
  const current = { ...withContent, ruleName: rule.name, severity: rule.severity, event };
  return notice === "resolved"
    ? {
        ...current,
        state: "resolved",
        resolvedAt: at,
        closedBy: by.cause,
        resolution: by.resolution ?? current.summary,
      }
    : { ...current, state: "firing" };
}
