/**
 * Buildkite jobs (`job.*` events; `job` is the REST Job object) into the
 * normalised `Job`. Contract: fixtures/README.md §3.
 */
import { z } from "zod";
import { isTerminal, type Job, type JobFailure, type JobStatus } from "../../lib/job";
import { httpLink } from "../../lib/links";
import { classifyFailure, type FailureCause } from "../domain/failure";
import { authorField } from "./author";
import {
  buildSchema,
  nullableString,
  pipelineSchema,
  repoOf,
  timestamp,
  workflowOf,
} from "./buildkite-build";
import { PayloadError } from "./source";
import { MAX_RETRIES, parsePayload, vendorKey } from "./zod-field";

const strings = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

/** The webhook `job` object: only what Runwatch reads. */
const jobSchema = z.object({
  id: vendorKey,
  type: nullableString,
  name: nullableString,
  label: nullableString,
  step_key: nullableString,
  command: nullableString,
  state: z.string().min(1),
  web_url: nullableString,
  exit_status: z.number().int().nullish(),
  passed: z.boolean().nullish(),
  soft_failed: z.boolean().nullish(),
  signal_reason: nullableString,
  broken_reason: nullableString,
  agent_query_rules: strings,
  retries_count: z.number().int().nonnegative().max(MAX_RETRIES).nullish(),
  retry_source: z.object({ job_id: nullableString }).nullish(),
  created_at: timestamp,
  scheduled_at: timestamp,
  runnable_at: timestamp,
  started_at: timestamp,
  finished_at: timestamp,
  expired_at: timestamp,
  agent: z.object({ id: nullableString, name: nullableString, meta_data: strings }).nullish(),
});

const jobEventSchema = z.object({ job: jobSchema, build: buildSchema, pipeline: pipelineSchema });

type BuildkiteJob = z.infer<typeof jobSchema>;

// States that map straight onto a status; `failed`, `finished` and `broken` need more of the job.
const JOB_STATES: Record<string, JobStatus> = {
  // Created, not yet runnable (earlier steps, concurrency limits) or ready for an agent.
  pending: "queued",
  limited: "queued",
  limiting: "queued",
  scheduled: "queued",
  unblocked: "queued",
  // An agent holds it but it has not started: still queue time (startedAt stays null).
  assigned: "queued",
  accepted: "queued",
  // Gated behind a wait or block step.
  waiting: "waiting",
  blocked: "waiting",
  running: "running",
  started: "running", // EventBridge's name for running
  // Still on an agent until the signal lands.
  timing_out: "running",
  canceling: "running",
  passed: "success",
  timed_out: "timed_out",
  canceled: "cancelled",
  skipped: "skipped",
  // Will never run because an earlier step failed: not a failure of this job.
  waiting_failed: "skipped",
  blocked_failed: "skipped",
  unblocked_failed: "skipped",
  // Nothing picked it up before the scheduled-job expiry (hint `no_runner`).
  expired: "failure",
};

// `broken_reason`s meaning "this step was not run" (conditions, branch filters…).
const NOT_RUN_REASONS = new Set([
  "conditional_failed",
  "legacy_step",
  "branch_mismatch",
  "optimizer_removed",
  "parallelism_zero",
]);

/** The job fields that decide its status. */
export type JobStateFacts = Pick<
  BuildkiteJob,
  "state" | "passed" | "soft_failed" | "exit_status" | "broken_reason"
>;

/**
 * Maps a job's `state` onto a normalised status. `finished` (EventBridge)
 * reads `passed` / `exit_status`; a soft failure counts as success; `broken`
 * is skipped unless its reason is something other than a not-run condition.
 * Unknown states read as queued. Own properties only: "constructor" never
 * reaches Object.prototype.
 */
export function buildkiteJobStatus(job: JobStateFacts): JobStatus {
  const { state } = job;
  if (state === "failed") return job.soft_failed ? "success" : "failure";
  if (state === "finished") {
    if (job.soft_failed || job.passed === true) return "success";
    if (job.passed === false) return "failure";
    return job.exit_status === 0 ? "success" : "failure";
  }
  if (state === "broken") {
    return !job.broken_reason || NOT_RUN_REASONS.has(job.broken_reason) ? "skipped" : "failure";
  }
  return (Object.hasOwn(JOB_STATES, state) && JOB_STATES[state]) || "queued";
}

const SIGNAL_REASONS: Record<string, FailureCause> = {
  agent_refused: "infrastructure",
  agent_stop: "runner_lost",
  signature_rejected: "startup_failure",
  process_run_error: "infrastructure",
};

/** What the job's fields say about why it failed (used only for failed statuses). */
export function failureHint(
  job: Pick<BuildkiteJob, "state" | "signal_reason" | "exit_status">,
): FailureCause | undefined {
  if (job.state === "expired") return "no_runner";
  if (job.state === "broken") return "startup_failure";
  const signal = job.signal_reason;
  if (signal !== null && Object.hasOwn(SIGNAL_REASONS, signal)) return SIGNAL_REASONS[signal];
  if (job.exit_status != null && job.exit_status !== 0) return "step_failed";
  return undefined;
}

/** The `queue=` value among `key=value` tags (agent query rules or agent meta-data), or null. */
export function queueOf(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const eq = tag.indexOf("=");
    if (eq > 0 && tag.slice(0, eq).trim() === "queue") return tag.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * True when a `job.*` body is about a command job. Waiter (`wait`), manual
 * (`block`/`input`) and trigger jobs run nothing on an agent: they have no
 * runner, exit status or queue time, and counting them would skew every
 * metric; the build event already reports what they gate. Bodies without a
 * `type` count as command jobs (and are then validated in full).
 */
export function isCommandJob(body: Record<string, unknown>): boolean {
  const job = Object.hasOwn(body, "job") ? body.job : undefined;
  if (typeof job !== "object" || job === null || !Object.hasOwn(job, "type")) return true;
  const type = (job as { type?: unknown }).type;
  return type === undefined || type === null || type === "script";
}

/**
 * Normalises a `job.*` body into a `Job`. The name is the vendor's text as
 * Buildkite shows it, emoji shortcodes included (`:nodejs: Test`): people
 * search for it, and stripping could collapse distinct names.
 * @throws PayloadError naming the bad field.
 */
export function normaliseJob(body: Record<string, unknown>): Job {
  const { job, build, pipeline } = parsePayload(jobEventSchema, body);
  const name = job.name || job.label || job.step_key || job.command;
  if (!name) throw new PayloadError("job.name is required (or job.label / job.step_key)", "job.name");
  const status = buildkiteJobStatus(job);
  const labels = job.agent_query_rules;
  const reason = job.signal_reason ?? job.broken_reason ?? (job.state === "expired" ? "expired" : null);
  const hint = failureHint(job);
  // Retried jobs are new jobs: retries_count says how many came before this one.
  const attempt = Math.max((job.retries_count ?? 0) + 1, job.retry_source ? 2 : 1);
  return {
    id: `buildkite:${job.id}`,
    source: "buildkite",
    repo: repoOf(pipeline, build),
    workflow: workflowOf(pipeline),
    name,
    runId: build.id,
    attempt,
    branch: build.branch,
    sha: build.commit,
    status,
    // Queue time runs from when the job could first go to an agent, not from
    // when the build scheduled it behind earlier steps.
    queuedAt: job.runnable_at ?? job.scheduled_at ?? job.created_at,
    startedAt: job.started_at,
    finishedAt: isTerminal(status) ? (job.finished_at ?? job.expired_at) : null,
    queueMs: null,
    durationMs: null,
    runner: {
      // An empty id or name names no agent.
      id: job.agent?.id || null,
      name: job.agent?.name || null,
      group: queueOf(labels) ?? queueOf(job.agent?.meta_data ?? []),
      labels,
    },
    url: httpLink(job.web_url),
    // A Buildkite job is a pipeline step: its name (`:jest: Unit tests`) says what failed.
    failure: withFailingStep(classifyFailure({ status, steps: [], hint, reason, name }), job, status),
    steps: [],
    // The creator pressed the button or pushed; a build started by a webhook has only the commit's author.
    ...authorField(build.creator?.name, build.author?.username, build.author?.name),
  };
}

/**
 * A Buildkite job is one pipeline step, so when it failed or timed out the
 * failing step is the job itself: its label as Buildkite shows it, else its
 * name, step key or command. Cancelled and skipped jobs pin no step (nothing
 * failed), nor does a job the vendor says never started (expired, broken).
 */
export function withFailingStep(
  failure: JobFailure | null,
  job: Pick<BuildkiteJob, "label" | "name" | "step_key" | "command" | "state">,
  status: JobStatus,
): JobFailure | null {
  if (!failure || failure.step !== null) return failure;
  if (status !== "failure" && status !== "timed_out") return failure;
  if (job.state === "expired" || job.state === "broken") return failure;
  const step = job.label || job.name || job.step_key || job.command || null;
  return step === null ? failure : { ...failure, step };
}
