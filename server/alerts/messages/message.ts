/**
 * The platform-neutral message every channel formatter renders: what happened
 * (title, summary), where (repo, branch, workflow, job, runner…), since when,
 * how loud, and links to the job and to the dashboard view. All text here is
 * raw; each formatter escapes it for its platform.
 */
import type { Alert, AlertEvent, AlertFact, AlertNotice, AlertRuleKind, Severity } from "../../../lib/alerts";
import { formatDuration, safeHttpUrl } from "../format";

/** One link button. */
export interface MessageLink {
  label: string;
  url: string;
}

/** What every channel says about one notification of one alert. */
export interface AlertMessage {
  /** E.g. `Broke: acme/api · ci › test on main`, `Resolved: Queue time over threshold: gpu`. */
  title: string;
  summary: string;
  notice: AlertNotice;
  state: Alert["state"];
  event: AlertEvent;
  kind: AlertRuleKind;
  severity: Severity;
  ruleName: string;
  /** Where it happened, in a fixed order, only the dimensions that apply. */
  where: AlertFact[];
  /** The figures behind it. */
  facts: AlertFact[];
  /** When the condition began (ISO), and that as text relative to `at`, e.g. `2026-01-01 10:02 UTC (1h 5m ago)`. */
  since: string | null;
  sinceText: string | null;
  /** When this notification was made (ISO). */
  at: string;
  /** Only absolute http(s) URLs: the job in its CI, then the dashboard view. */
  links: MessageLink[];
  /** The dashboard view, when absolute. */
  url: string | null;
  /** A failed job's log lines from its first error (see `log-lines.ts`); empty without a read token. */
  logLines: string[];
}

const KIND_TITLES: Record<AlertRuleKind, string> = {
  job_state: "Job state",
  queue_time: "Queue time over threshold",
  stuck_job: "Job stuck in queue",
  success_rate: "Success rate under threshold",
  duration_regression: "Builds slower than baseline",
  runner_offline: "Runner offline",
  source_silent: "Source silent",
  slo_burn: "SLO error budget burning",
  dispatch_stall: "Dispatch stall",
  orphan_label: "Orphan label",
  pool_exhausted: "Pool exhausted",
  silent_source: "Source silent longer than usual",
  stale_job: "Stale job",
};

const EVENT_TITLES: Partial<Record<AlertEvent, string>> = {
  broke: "Broke",
  fixed: "Fixed",
  failure: "Failed",
};
const SOURCE_NAMES: Record<string, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  buildkite: "Buildkite",
  jenkins: "Jenkins",
  generic: "CI",
};

/** A short name for the alert's subject, from where it happened. */
function subjectLabel(alert: Alert): string {
  const w = alert.where;
  if (alert.kind === "job_state" || alert.kind === "stuck_job") {
    const job = [w.repo, w.workflow].filter(Boolean).join(" · ");
    return `${job} › ${w.job ?? alert.subject}${w.branch ? ` on ${w.branch}` : ""}`;
  }
  if (w.runner) return w.runner;
  if (w.repo) return [w.repo, w.workflow].filter(Boolean).join(" · ");
  return w.pool ?? w.source ?? alert.subject;
}

function titleOf(alert: Alert, notice: AlertNotice): string {
  const label = subjectLabel(alert);
  const eventTitle = EVENT_TITLES[alert.event];
  if (alert.kind === "job_state" && eventTitle) return `${eventTitle}: ${label}`;
  const kind =
    alert.kind === "runner_offline" && !alert.where.runner ? "Runner pool offline" : KIND_TITLES[alert.kind];
  const prefix = notice === "resolved" ? "Resolved: " : notice === "reminder" ? "Still firing: " : "";
  return `${prefix}${kind}: ${label}`;
}

function whereFacts(alert: Alert): AlertFact[] {
  const w = alert.where;
  const rows: [string, string | null | undefined][] = [
    ["Repository", w.repo],
    ["Branch", w.branch],
    ["Workflow", w.workflow],
    ["Job", w.job],
    ["Runner", w.runner],
    ["Pool", w.pool],
    ["Source", w.source ? (SOURCE_NAMES[w.source] ?? w.source) : null],
  ];
  return rows.filter((r): r is [string, string] => Boolean(r[1])).map(([label, value]) => ({ label, value }));
}

const readable = (isoText: string) => `${isoText.slice(0, 10)} ${isoText.slice(11, 16)} UTC`;

/**
 * The message for one notification (`notice`) of `alert`, made at `now` (ms);
 * `logLines` (the job's failing lines, when fetched) add a "First error" fact too.
 */
export function messageOf(
  alert: Alert,
  notice: AlertNotice,
  now: number,
  logLines: readonly string[] = [],
): AlertMessage {
  const since =
    alert.since && Number.isFinite(Date.parse(alert.since)) ? new Date(alert.since).toISOString() : null;
  const jobUrl = safeHttpUrl(alert.job?.url);
  const url = safeHttpUrl(alert.link);
  const links: MessageLink[] = [];
  if (jobUrl) links.push({ label: `Open in ${SOURCE_NAMES[alert.job?.source ?? ""] ?? "CI"}`, url: jobUrl });
  if (url) links.push({ label: "Open in Runwatch", url });
  return {
    title: titleOf(alert, notice),
    summary: alert.summary,
    notice,
    state: alert.state,
    event: alert.event,
    kind: alert.kind,
    severity: alert.severity,
    ruleName: alert.ruleName,
    where: whereFacts(alert),
    facts: logLines[0] ? [...alert.facts, { label: "First error", value: logLines[0] }] : alert.facts,
    since,
    sinceText: since ? `${readable(since)} (${formatDuration(now - Date.parse(since))} ago)` : null,
    at: new Date(now).toISOString(),
    links,
    url,
    logLines: [...logLines],
  };
}
