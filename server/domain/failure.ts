/**
 * Rule-based failure classification. A job that did not succeed gets a
 * `cause` (a short stable code) and, when known, the step that failed.
 * Vendor-specific reasons are mapped by each normaliser into `hint`.
 */
import type { JobFailure, JobStatus, JobStep } from "../../lib/job";

/** Stable cause codes, in the order rules are tried. */
export type FailureCause = "timeout" | "cancelled" | "startup_failure" | "step_failed" | "unknown";

/** What a normaliser knows about why a job ended. */
export interface FailureFacts {
  status: JobStatus;
  steps: JobStep[];
  /** A vendor reason the normaliser recognised, e.g. GitHub `startup_failure`. */
  hint?: FailureCause;
}

/** Classifies a finished job; `null` for jobs that did not fail (success, skipped, still active). */
export function classifyFailure({ status, steps, hint }: FailureFacts): JobFailure | null {
  if (status !== "failure" && status !== "timed_out" && status !== "cancelled") return null;
  const failedStep =
    steps.find((s) => s.status === "failure" || s.status === "timed_out")?.name ??
    (status === "cancelled" ? (steps.find((s) => s.status === "cancelled")?.name ?? null) : null);
  if (status === "timed_out") return { cause: "timeout", step: failedStep };
  if (status === "cancelled") return { cause: "cancelled", step: failedStep };
  if (hint) return { cause: hint, step: failedStep };
  return { cause: failedStep ? "step_failed" : "unknown", step: failedStep };
}
