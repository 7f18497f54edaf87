/**
 * The cluster's mutable state of runs and jobs, and the immutable snapshots
 * it reports of them (deep copies, so a later change never alters an event
 * already handed out).
 */
import { KINDS, type JobSpec, type RepoSpec, type RunnerPool, type SimSender } from "./catalog";
import {
  runConclusion,
  type AssignedRunner,
  type Cause,
  type Conclusion,
  type JobAction,
  type JobSnapshot,
  type RunSnapshot,
} from "./model";
import type { StepPlan, StepSnapshot } from "./steps";

/** A pipeline run in progress (all its attempts). */
export interface Run {
  runId: number;
  number: number;
  attempt: number;
  repo: RepoSpec;
  workflow: string;
  trigger: string;
  specs: JobSpec[];
  branch: string;
  sha: string;
  sender: SimSender;
  createdAt: number;
  attemptAt: number;
  /** When the first job of the first attempt started. */
  startedAt: number | null;
  /** When the first job of the current attempt started. */
  attemptStartedAt: number | null;
  completedAt: number | null;
  /** The current attempt's job for each spec key. */
  jobs: Map<string, SimJob>;
  /** Specs waiting for their `needs`. */
  pending: JobSpec[];
  cancelled: boolean;
  done: boolean;
  /** Spec keys that failed for real: a re-run fails again. */
  broken: Set<string>;
}

/** One attempt of one job. */
export interface SimJob {
  id: number;
  run: Run;
  spec: JobSpec;
  attempt: number;
  status: JobAction;
  conclusion: Conclusion | null;
  cause: Cause;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  runner: AssignedRunner | null;
  slot: number | null;
  plan: StepPlan | null;
  steps: StepSnapshot[];
}

/** A copy of a job as its vendor would report it now. */
export function jobSnapshot(job: SimJob, pools: Record<string, RunnerPool>): JobSnapshot {
  const run = job.run;
  const pool = pools[job.spec.pool];
  return {
    id: job.id,
    runId: run.runId,
    runNumber: run.number,
    attempt: job.attempt,
    repo: run.repo,
    workflow: run.workflow,
    key: job.spec.key,
    name: job.spec.name,
    kind: job.spec.kind,
    stage: job.spec.stage ?? KINDS[job.spec.kind].stage,
    branch: run.branch,
    sha: run.sha,
    sender: run.sender,
    status: job.status,
    conclusion: job.conclusion,
    cause: job.cause,
    failedStep: job.status === "completed" ? (job.plan?.failedStep ?? null) : null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    labels: [...(pool?.labels ?? [])],
    runner: job.runner ? { ...job.runner } : null,
    steps: job.steps.map((s) => ({ ...s })),
    gated: job.spec.environment?.gated ?? false,
  };
}

/** A copy of a run as its vendor would report it now. */
export function runSnapshot(run: Run, pools: Record<string, RunnerPool>): RunSnapshot {
  const jobs = [...run.jobs.values()].map((j) => jobSnapshot(j, pools));
  const completed = run.completedAt !== null;
  return {
    id: run.runId,
    number: run.number,
    attempt: run.attempt,
    repo: run.repo,
    workflow: run.workflow,
    branch: run.branch,
    sha: run.sha,
    sender: run.sender,
    trigger: run.trigger,
    status: completed ? "completed" : run.attemptStartedAt === null ? "queued" : "in_progress",
    conclusion: completed ? runConclusion(jobs, run.cancelled) : null,
    createdAt: run.createdAt,
    attemptAt: run.attemptAt,
    startedAt: run.startedAt,
    attemptStartedAt: run.attemptStartedAt,
    completedAt: run.completedAt,
    jobs,
  };
}
