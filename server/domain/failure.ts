/**
 * Rule-based failure classification. A job that did not succeed gets a
 * `cause` (a short stable code), the step that failed when known, and the
 * vendor's own reason verbatim. Each normaliser maps its vendor's reasons
 * (GitLab `build_failure_reason`, Buildkite `signal_reason`…) into `hint`.
 *
 * Rules, first match wins:
 * 1. status `timed_out` → `timeout`; status `cancelled` → `cancelled`;
 * 2. a vendor hint → that hint;
 * 3. a failed step → `step_failed`; otherwise `unknown`.
 */
import type { JobFailure, JobStatus, JobStep } from "../../lib/job";

/** Stable cause codes. */
export const FAILURE_CAUSES = [
  "timeout",
  "cancelled",
  /** The job could not start: invalid workflow file, unmet prerequisites. */
  "startup_failure",
  /** The runner or the CI system failed, not the job's code. */
  "infrastructure",
  /** A dependency, artifact or network fetch failed. */
  "dependency",
  /** The runner vanished mid-job, or no event arrived for too long. */
  "runner_lost",
  /** No runner could take the job (no matching runner, quota exceeded). */
  "no_runner",
  "step_failed",
  "unknown",
] as const;

/** A failure cause code. */
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** What a normaliser knows about why a job ended. */
export interface FailureFacts {
  status: JobStatus;
  steps: JobStep[];
  /** A vendor reason the normaliser recognised, e.g. GitHub `startup_failure`. */
  hint?: FailureCause;
  /** The vendor's reason verbatim, kept for drill-down. */
  reason?: string | null;
}

/** Classifies a finished job; `null` for jobs that did not fail (success, skipped, still active). */
export function classifyFailure({ status, steps, hint, reason }: FailureFacts): JobFailure | null {
  if (status !== "failure" && status !== "timed_out" && status !== "cancelled") return null;
  const failedStep =
    steps.find((s) => s.status === "failure" || s.status === "timed_out")?.name ??
    (status === "cancelled" ? (steps.find((s) => s.status === "cancelled")?.name ?? null) : null);
  const withReason = (failure: JobFailure): JobFailure => (reason ? { ...failure, reason } : failure);
  if (status === "timed_out") return withReason({ cause: "timeout", step: failedStep });
  if (status === "cancelled") return withReason({ cause: "cancelled", step: failedStep });
  if (hint) return withReason({ cause: hint, step: failedStep });
  return withReason({ cause: failedStep ? "step_failed" : "unknown", step: failedStep });
}
