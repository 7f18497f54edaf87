/**
 * What the simulated cluster reports: snapshots of jobs, runs and agents at
 * one moment, and the events that carry them. Vendor-neutral: each vendor's
 * payload builder turns these into its own webhook bodies. Times are ms
 * offsets from the simulation's start.
 */
import type { KindKey, RepoSpec, SimSender } from "./catalog";
import type { StepSnapshot } from "./steps";

/** How a finished job or run ended (GitHub's `conclusion` names). */
export type Conclusion = "success" | "failure" | "cancelled" | "skipped" | "timed_out";

/** The job transitions the cluster produces, in lifecycle order (GitHub's `workflow_job` actions). */
export type JobAction = "queued" | "waiting" | "in_progress" | "completed";

/** The run transitions (GitHub's `workflow_run` actions). */
export type RunAction = "requested" | "in_progress" | "completed";

/**
 * Why a job ended as it did. `flaky`: passes on a re-run; `genuine`: fails again;
 * `infra`: the runner died under it (lost agent, system failure).
 */
export type Cause = "ok" | "flaky" | "genuine" | "timeout" | "cancelled" | "dependency" | "infra";

/** The runner a job was assigned to. */
export interface AssignedRunner {
  id: number;
  name: string;
  groupId: number;
  groupName: string;
  /** Key of the runner's pool in the catalog. */
  pool: string;
}

/** A job as its vendor would describe it at one moment. */
export interface JobSnapshot {
  id: number;
  runId: number;
  /** The run's number people see (per repository and workflow). */
  runNumber: number;
  attempt: number;
  repo: RepoSpec;
  workflow: string;
  /** Key of the job in its workflow (`step_key`, GitLab job name without matrix suffix). */
  key: string;
  name: string;
  /** What the job does (decides its command). */
  kind: KindKey;
  /** GitLab stage (defaults by job kind). */
  stage: string;
  branch: string;
  sha: string;
  sender: SimSender;
  status: JobAction;
  conclusion: Conclusion | null;
  cause: Cause;
  /** The step that failed or ran out of time, once known. */
  failedStep: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  labels: string[];
  runner: AssignedRunner | null;
  steps: StepSnapshot[];
  /** The job needs a person's approval (environment gate, manual job, block step). */
  gated: boolean;
}

/** A pipeline run (workflow run, GitLab pipeline, Buildkite build) at one moment. */
export interface RunSnapshot {
  id: number;
  number: number;
  attempt: number;
  repo: RepoSpec;
  workflow: string;
  branch: string;
  sha: string;
  sender: SimSender;
  /** What triggered it (`push`, `schedule`, `workflow_dispatch`). */
  trigger: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: Conclusion | null;
  createdAt: number;
  /** When the current attempt was requested (equals `createdAt` on attempt 1). */
  attemptAt: number;
  /** When the first job of the first attempt started (Buildkite's and GitLab's `started_at`). */
  startedAt: number | null;
  /** When the first job of the current attempt started. */
  attemptStartedAt: number | null;
  completedAt: number | null;
  /** The current attempt's jobs (GitLab's `builds`), in creation order. */
  jobs: JobSnapshot[];
}

/** A long-lived runner (Buildkite agent) at one moment. */
export interface AgentSnapshot {
  /** Stable numeric id (pool group id × 1000 + slot + 1). */
  id: number;
  name: string;
  pool: string;
  labels: string[];
  state: "connected" | "disconnected";
  connectedAt: number;
  disconnectedAt: number | null;
}

/** Something that happened: one webhook-worthy change, or a note for the log. */
export type SimEvent =
  | { type: "job"; at: number; action: JobAction; job: JobSnapshot }
  | { type: "run"; at: number; action: RunAction; run: RunSnapshot }
  | { type: "agent"; at: number; action: "connected" | "disconnected"; agent: AgentSnapshot }
  | { type: "note"; at: number; message: string };

/** A job transition event. */
export type JobEvent = Extract<SimEvent, { type: "job" }>;
/** A run transition event. */
export type RunEvent = Extract<SimEvent, { type: "run" }>;
/** An agent connection event. */
export type AgentEvent = Extract<SimEvent, { type: "agent" }>;

/** The conclusion of a run from its jobs': cancelled wins, then any failure, else success. */
export function runConclusion(jobs: readonly JobSnapshot[], cancelled: boolean): Conclusion {
  if (cancelled) return "cancelled";
  if (jobs.some((j) => j.conclusion === "failure" || j.conclusion === "timed_out")) return "failure";
  if (jobs.some((j) => j.conclusion === "cancelled")) return "cancelled";
  return "success";
}
