/**
 * GitLab vocabularies: job/pipeline statuses and `build_failure_reason`
 * codes. Contract: fixtures/README.md §2. Both are open enums, read through
 * `Object.hasOwn` so a vendor string such as "constructor" never reaches
 * Object.prototype.
 */
import type { JobStatus } from "../../lib/job";
import type { FailureCause } from "../domain/failure";

/**
 * `build_status` / pipeline `status` → normalised status. Unknown → queued.
 * - `created` (and `preparing`) is queued, not waiting: every job passes
 *   through it, and the merge ranks waiting above queued, so a waiting
 *   `created` would mask the `pending` that follows. The cost: jobs of later
 *   stages count as queued while earlier stages run.
 * - `manual` (needs a person) and `scheduled` (a delayed job's timer), like
 *   `waiting_for_resource` (resource group) and `waiting_for_callback`, are
 *   waiting: gated on something other than a free runner.
 * - `canceling` is cancelled: the outcome is decided (GitLab only moves it to
 *   `canceled`), the runner is just running `after_script`. `finishedAt` stays
 *   null until the `canceled` event brings it.
 */
const STATUSES: Record<string, JobStatus> = {
  created: "queued",
  preparing: "queued",
  pending: "queued",
  waiting_for_resource: "waiting",
  waiting_for_callback: "waiting",
  manual: "waiting",
  scheduled: "waiting",
  running: "running",
  success: "success",
  // Also with `allow_failure: true`: the job did fail; only the pipeline goes on.
  failed: "failure",
  canceling: "cancelled",
  canceled: "cancelled",
  skipped: "skipped",
};

/** Failure reasons that mean the job ran out of time: GitLab says `failed`, users expect "timed out". */
const TIMEOUTS = new Set(["job_execution_timeout", "stuck_or_timeout_failure"]);

/**
 * `build_failure_reason` → failure cause hint (see `Enums::Ci::CommitStatus`).
 * Reasons not listed (`unknown_failure`, `trace_size_exceeded`, new ones)
 * give no hint: the cause is `unknown`, the reason is kept verbatim.
 */
const FAILURE_HINTS: Record<string, FailureCause> = {
  script_failure: "step_failed",
  // The runner or GitLab failed, not the job's code.
  runner_system_failure: "infrastructure",
  api_failure: "infrastructure",
  scheduler_failure: "infrastructure",
  data_integrity_failure: "infrastructure",
  runner_unsupported: "infrastructure",
  missing_dependency_failure: "dependency",
  no_matching_runner: "no_runner",
  ci_quota_exceeded: "no_runner",
  // The job was refused before it could run: configuration, permissions, state.
  unmet_prerequisites: "startup_failure",
  archived_failure: "startup_failure",
  stale_schedule: "startup_failure",
  user_blocked: "startup_failure",
  project_deleted: "startup_failure",
  builds_disabled: "startup_failure",
  pipeline_loop_detected: "startup_failure",
  forward_deployment_failure: "startup_failure",
  failed_outdated_deployment_job: "startup_failure",
  protected_environment_failure: "startup_failure",
  environment_creation_failure: "startup_failure",
  deployment_rejected: "startup_failure",
  secrets_provider_not_found: "startup_failure",
  ip_restriction_failure: "startup_failure",
};

/** Normalised status of a GitLab job (or pipeline) status and failure reason. */
export function gitlabStatus(status: string, failureReason: string | null = null): JobStatus {
  const mapped = (Object.hasOwn(STATUSES, status) && STATUSES[status]) || "queued";
  return mapped === "failure" && failureReason !== null && TIMEOUTS.has(failureReason) ? "timed_out" : mapped;
}

/** The failure cause a `build_failure_reason` points to, if it is one Runwatch recognises. */
export function gitlabFailureHint(reason: string | null): FailureCause | undefined {
  return reason !== null && Object.hasOwn(FAILURE_HINTS, reason) ? FAILURE_HINTS[reason] : undefined;
}
