/**
 * How a new observation of a job combines with what is stored. Webhooks arrive
 * late, twice, or out of order; the result must depend only on the set of
 * events seen, never on their arrival order (terminal states win, timestamps
 * break ties, fields one event lacks are filled from another).
 */
import { isTerminal, type Job, type JobStatus } from "../../lib/job";

// Lifecycle rank: a job only ever moves forward through these.
const RANK: Record<JobStatus, number> = {
  queued: 0,
  waiting: 1,
  running: 2,
  success: 3,
  failure: 3,
  cancelled: 3,
  skipped: 3,
  timed_out: 3,
  neutral: 3,
};

// Among terminal states with the same finish time (contradictory reports), the
// most severe wins so the choice is the same whichever arrived first.
const SEVERITY: Record<JobStatus, number> = {
  queued: 0,
  waiting: 0,
  running: 0,
  skipped: 1,
  neutral: 1.5,
  success: 2,
  cancelled: 3,
  failure: 4,
  timed_out: 5,
};

const time = (iso: string | null) => (iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso));

/** The fields that decide which of two observations of a job or run is further along. */
type Progress = Pick<Job, "status" | "startedAt" | "finishedAt">;

/** Positive when `a` is the more advanced observation than `b` (of a job or a run). */
export function compareProgress(a: Progress, b: Progress): number {
  const rank = RANK[a.status] - RANK[b.status];
  if (rank !== 0) return rank;
  if (isTerminal(a.status)) {
    const finished = time(a.finishedAt) - time(b.finishedAt);
    if (finished !== 0) return finished;
    return SEVERITY[a.status] - SEVERITY[b.status];
  }
  return time(a.startedAt) - time(b.startedAt);
}

/** ms from `from` to `to` (never negative), or null when either is unknown. */
export const elapsed = (from: string | null, to: string | null) =>
  from !== null && to !== null ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

/**
 * Combines the stored job (if any) with a new observation of the same job.
 * The more advanced observation decides status and everything it knows; gaps
 * are filled from the other. Derived times are recomputed from the result.
 */
export function mergeJob(current: Job | null, incoming: Job): Job {
  if (current === null) return withDerivedTimes(incoming);
  const [lead, other] = compareProgress(incoming, current) >= 0 ? [incoming, current] : [current, incoming];
  // Any event, even a late one, is news of the job: it is no longer lost.
  const { lost: _lost, ...leadFields } = lead;
  const merged: Job = {
    ...leadFields,
    workflow: lead.workflow || other.workflow,
    // Some events omit the retry count (GitLab's Pipeline Hook builds): the higher attempt is the truth.
    attempt: Math.max(lead.attempt, other.attempt),
    branch: lead.branch ?? other.branch,
    sha: lead.sha ?? other.sha,
    queuedAt: earliest(lead.queuedAt, other.queuedAt),
    startedAt: lead.startedAt ?? other.startedAt,
    finishedAt: lead.finishedAt ?? (isTerminal(lead.status) ? other.finishedAt : null),
    runner: {
      ...((lead.runner.id ?? other.runner.id) ? { id: lead.runner.id ?? other.runner.id } : {}),
      name: lead.runner.name ?? other.runner.name,
      group: lead.runner.group ?? other.runner.group,
      labels: lead.runner.labels.length > 0 ? lead.runner.labels : other.runner.labels,
    },
    url: lead.url ?? other.url,
    steps: lead.steps.length > 0 ? lead.steps : other.steps,
  };
  return withDerivedTimes(merged);
}

/** The earlier of two ISO times; null only when both are. */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** Recomputes `queueMs` and `durationMs` from the job's timestamps. */
export function withDerivedTimes(job: Job): Job {
  return {
    ...job,
    queueMs: elapsed(job.queuedAt, job.startedAt),
    durationMs: isTerminal(job.status) ? elapsed(job.startedAt, job.finishedAt) : null,
  };
}

/** Structural equality of two jobs (used to skip writes and broadcasts that change nothing). */
export function sameJob(a: Job, b: Job): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Total order on observations: by `first` (when given), then progress, then
 * content, so equally advanced but different reports still sort one way.
 */
export function canonicalOrder<T extends Progress>(items: readonly T[], first?: (a: T, b: T) => number): T[] {
  const keyed = items.map((item) => ({ item, text: JSON.stringify(item) }));
  keyed.sort(
    (a, b) =>
      (first?.(a.item, b.item) ?? 0) ||
      compareProgress(a.item, b.item) ||
      (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  return keyed.map((k) => k.item);
}

/**
 * The job every observation of it adds up to: they are merged in a canonical
 * order (least advanced first), so the result depends only on which
 * observations exist — never on the order they arrived in — even when two
 * vendor reports are equally advanced but disagree.
 * @throws Error for an empty list.
 */
export function foldJob(observations: readonly Job[]): Job {
  const ordered = canonicalOrder(observations);
  const first = ordered[0];
  if (!first) throw new Error("foldJob needs at least one observation");
  return ordered.slice(1).reduce(mergeJob, withDerivedTimes(first));
}
