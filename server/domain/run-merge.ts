/**
 * Pipeline runs: how a vendor's report of a run combines with what is stored,
 * and what a run known only through its jobs looks like. Like jobs, the result
 * depends only on the set of events seen, never on their order.
 */
import { isTerminal, type Job, type JobStatus } from "../../lib/job";
import { runIdOf, type PipelineRun } from "../../lib/run";
import { canonicalOrder, compareProgress, earliest, elapsed } from "./merge";

/**
 * Combines the stored run (if any) with a vendor's report of it. A later
 * attempt supersedes an earlier one; within an attempt the more advanced
 * report leads and the other fills its gaps.
 */
export function mergeRun(current: PipelineRun | null, incoming: PipelineRun): PipelineRun {
  if (current === null) return withDuration(incoming);
  // A run known only through its jobs is a placeholder: the vendor's report replaces it.
  if (!current.reported) return withDuration({ ...incoming, number: incoming.number ?? current.number });
  if (incoming.attempt !== current.attempt) {
    const [lead, other] = incoming.attempt > current.attempt ? [incoming, current] : [current, incoming];
    return withDuration({
      ...lead,
      number: lead.number ?? other.number,
      trigger: lead.trigger ?? other.trigger,
    });
  }
  const [lead, other] = compareProgress(incoming, current) >= 0 ? [incoming, current] : [current, incoming];
  return withDuration({
    ...lead,
    number: lead.number ?? other.number,
    trigger: lead.trigger ?? other.trigger,
    workflow: lead.workflow || other.workflow,
    branch: lead.branch ?? other.branch,
    sha: lead.sha ?? other.sha,
    queuedAt: earliest(lead.queuedAt, other.queuedAt),
    startedAt: lead.startedAt ?? other.startedAt,
    finishedAt: lead.finishedAt ?? (isTerminal(lead.status) ? other.finishedAt : null),
    url: lead.url ?? other.url,
  });
}

function withDuration(run: PipelineRun): PipelineRun {
  return { ...run, durationMs: isTerminal(run.status) ? elapsed(run.startedAt, run.finishedAt) : null };
}

/** What the store knows of each job of a run, for deriving an unreported run's state. */
export interface RunJobFacts {
  name: string;
  attempt: number;
  status: JobStatus;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * What a run nobody reported takes from its jobs, counting only each job's
 * latest attempt (see `latestAttempts`) — except `maxAttempt`, over every job.
 * The store keeps this per run, updated from the one job that changed;
 * `summariseRunJobs` computes it from all the jobs at once.
 */
export interface RunJobSummary {
  /** How many latest-attempt jobs are in each status (absent: none). */
  counts: Partial<Record<JobStatus, number>>;
  /** The highest attempt of any job of the run (0 with no jobs). */
  maxAttempt: number;
  /** Earliest queue and start time, latest finish time, among latest attempts. */
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The summary of a run's jobs computed from all of them (the reference the store's incremental one must equal). */
export function summariseRunJobs(all: readonly RunJobFacts[]): RunJobSummary {
  const jobs = latestAttempts(all);
  const counts: Partial<Record<JobStatus, number>> = {};
  for (const j of jobs) counts[j.status] = (counts[j.status] ?? 0) + 1;
  const times = (pick: (j: RunJobFacts) => string | null) =>
    jobs.map(pick).filter((t): t is string => t !== null);
  return {
    counts,
    maxAttempt: Math.max(0, ...all.map((j) => j.attempt)),
    queuedAt: times((j) => j.queuedAt).reduce<string | null>(earliest, null),
    startedAt: times((j) => j.startedAt).reduce<string | null>(earliest, null),
    finishedAt: times((j) => j.finishedAt).reduce<string | null>(latest, null),
  };
}

/**
 * The status of a run from its jobs: active while any job is (running before
 * waiting before queued); once all finished, the worst outcome (a failure or
 * timeout fails the run, then cancellation; all skipped is skipped; all
 * skipped or neutral is neutral).
 */
export function runStatusFromJobs(statuses: readonly JobStatus[]): JobStatus {
  const counts: Partial<Record<JobStatus, number>> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return runStatusFromCounts(counts);
}

/** `runStatusFromJobs` from how many jobs are in each status. */
export function runStatusFromCounts(counts: Partial<Record<JobStatus, number>>): JobStatus {
  const has = (status: JobStatus) => (counts[status] ?? 0) > 0;
  let total = 0;
  for (const n of Object.values(counts)) total += n;
  if (total === 0) return "queued";
  for (const active of ["running", "waiting", "queued"] as const) if (has(active)) return active;
  if (has("failure") || has("timed_out")) return "failure";
  if (has("cancelled")) return "cancelled";
  if (counts.skipped === total) return "skipped";
  // Nothing decided (every job skipped or neutral): the run decided nothing either.
  if ((counts.skipped ?? 0) + (counts.neutral ?? 0) === total) return "neutral";
  return "success";
}

/**
 * A run known only through its jobs (no workflow_run, Pipeline Hook or build
 * event seen): identity from a job, state from the summary of all its jobs.
 */
export function runFromJobs(job: Job, jobs: RunJobSummary, current: PipelineRun | null): PipelineRun {
  const status = runStatusFromCounts(jobs.counts);
  return withDuration({
    id: runIdOf(job),
    source: job.source,
    repo: job.repo,
    workflow: current?.workflow || job.workflow,
    runId: job.runId,
    number: current?.number ?? null,
    attempt: Math.max(job.attempt, jobs.maxAttempt),
    trigger: current?.trigger ?? null,
    branch: current?.branch ?? job.branch,
    sha: current?.sha ?? job.sha,
    status,
    queuedAt: jobs.queuedAt,
    startedAt: jobs.startedAt,
    finishedAt: isTerminal(status) ? jobs.finishedAt : null,
    durationMs: null,
    url: current?.url ?? null,
    reported: false,
  });
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * The run every vendor report of it adds up to, independent of arrival order
 * (see `foldJob`): earlier attempts first, then by progress, then by content.
 * @throws Error for an empty list.
 */
export function foldRun(reports: readonly PipelineRun[]): PipelineRun {
  const ordered = canonicalOrder(reports, (a, b) => a.attempt - b.attempt);
  const first = ordered[0];
  if (!first) throw new Error("foldRun needs at least one report");
  return ordered.slice(1).reduce(mergeRun, mergeRun(null, first));
}

/** Only each job's latest attempt: a job that failed and then passed on re-run leaves the run green. */
export function latestAttempts(jobs: readonly RunJobFacts[]): RunJobFacts[] {
  const latest = new Map<string, number>();
  for (const j of jobs) latest.set(j.name, Math.max(latest.get(j.name) ?? 0, j.attempt));
  return jobs.filter((j) => j.attempt === latest.get(j.name));
}
