/**
 * Reliability rules over finished jobs (issue 5): flaky jobs and MTTR.
 * Pure functions of the jobs they are given; the metrics engine decides
 * which jobs (window, filters) to hand them.
 *
 * - Flaky: the same repo, workflow, job name and commit both failed and
 *   later succeeded (re-run attempts included). Counted once per commit.
 * - MTTR (per workflow, on one branch): from the first failure after a
 *   success (or the start of the data) to the next success, averaged. Each
 *   job that finished as success, failure or timed_out is a verdict on its
 *   workflow, in finish order; cancelled and skipped jobs are no verdict.
 */
import type { Job, JobStatus } from "../../lib/job";

/** What the rules read of a job. */
export type FinishedJob = Pick<
  Job,
  "repo" | "workflow" | "name" | "sha" | "branch" | "attempt" | "status" | "finishedAt"
>;

const FAILED: ReadonlySet<JobStatus> = new Set(["failure", "timed_out"]);

/** One flaky job: where, on how many commits, and when it last flaked. */
export interface FlakyJob {
  repo: string;
  workflow: string;
  name: string;
  /** Commits on which it failed and then passed. */
  commits: number;
  /** Failures that a later success on the same commit contradicted. */
  flakyFailures: number;
  /** ISO time of the latest success that followed a failure. */
  lastSeenAt: string;
}

const time = (job: FinishedJob) => (job.finishedAt ? Date.parse(job.finishedAt) : Number.NaN);
const byTime = (a: FinishedJob, b: FinishedJob) => time(a) - time(b) || a.attempt - b.attempt;

/** Flaky jobs, most commits first. Jobs without a sha or finish time are skipped. */
export function findFlakyJobs(jobs: readonly FinishedJob[]): FlakyJob[] {
  const perCommit = new Map<string, FinishedJob[]>();
  for (const job of jobs) {
    if (!job.sha || Number.isNaN(time(job))) continue;
    const key = JSON.stringify([job.repo, job.workflow, job.name, job.sha]);
    const list = perCommit.get(key);
    if (list) list.push(job);
    else perCommit.set(key, [job]);
  }
  const flaky = new Map<string, FlakyJob>();
  for (const runs of perCommit.values()) {
    const ordered = [...runs].sort(byTime);
    let failures = 0;
    let contradicted = 0;
    let lastSeen: string | null = null;
    for (const job of ordered) {
      if (FAILED.has(job.status)) failures += 1;
      else if (job.status === "success" && failures > 0) {
        contradicted += failures;
        failures = 0;
        lastSeen = job.finishedAt;
      }
    }
    if (!lastSeen) continue;
    const { repo, workflow, name } = ordered[0]!;
    const key = JSON.stringify([repo, workflow, name]);
    const entry = flaky.get(key) ?? {
      repo,
      workflow,
      name,
      commits: 0,
      flakyFailures: 0,
      lastSeenAt: lastSeen,
    };
    entry.commits += 1;
    entry.flakyFailures += contradicted;
    if (Date.parse(lastSeen) > Date.parse(entry.lastSeenAt)) entry.lastSeenAt = lastSeen;
    flaky.set(key, entry);
  }
  return [...flaky.values()].sort(
    (a, b) => b.commits - a.commits || b.flakyFailures - a.flakyFailures || a.name.localeCompare(b.name),
  );
}

/** Time to recovery of one workflow on one branch. */
export interface Recovery {
  repo: string;
  workflow: string;
  /** Completed recoveries (failure → next success) in the data. */
  recoveries: number;
  /** Their mean duration, ms; null when none completed. */
  mttrMs: number | null;
  /** ISO time the workflow has been failing since, when its latest conclusion is a failure. */
  failingSince: string | null;
}

/** MTTR per workflow over the given jobs of one branch (pass the default branch's jobs). */
export function meanTimeToRecovery(jobs: readonly FinishedJob[]): Recovery[] {
  const perWorkflow = new Map<string, FinishedJob[]>();
  for (const job of jobs) {
    if (Number.isNaN(time(job)) || (job.status !== "success" && !FAILED.has(job.status))) continue;
    const key = JSON.stringify([job.repo, job.workflow]);
    const list = perWorkflow.get(key);
    if (list) list.push(job);
    else perWorkflow.set(key, [job]);
  }
  const result: Recovery[] = [];
  for (const list of perWorkflow.values()) {
    let brokenAt: number | null = null;
    const durations: number[] = [];
    for (const job of [...list].sort(byTime)) {
      if (FAILED.has(job.status)) brokenAt ??= time(job);
      else if (brokenAt !== null) {
        durations.push(time(job) - brokenAt);
        brokenAt = null;
      }
    }
    const { repo, workflow } = list[0]!;
    result.push({
      repo,
      workflow,
      recoveries: durations.length,
      mttrMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
      failingSince: brokenAt === null ? null : new Date(brokenAt).toISOString(),
    });
  }
  return result.sort((a, b) => a.repo.localeCompare(b.repo) || a.workflow.localeCompare(b.workflow));
}
