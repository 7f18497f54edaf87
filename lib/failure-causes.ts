/**
 * Failure cause codes and their labels, shared by the server (which
 * classifies, see `server/domain/failure.ts`) and the dashboard (which shows
 * and groups them).
 */

/** Stable cause codes, the values of `JobFailure.cause` Runwatch itself assigns. */
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
  /** Tests, linters or other checks of the code failed. */
  "test",
  /** Building or compiling failed (type errors included). */
  "build",
  /** A step failed whose name no rule recognises. */
  "step_failed",
  "unknown",
] as const;

/** A failure cause code. */
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** What to call each cause in the dashboard. */
export const FAILURE_CAUSE_LABELS: Record<FailureCause, string> = {
  test: "Test failure",
  build: "Build / compile",
  infrastructure: "Infrastructure / runner",
  timeout: "Timeout",
  cancelled: "Cancelled",
  dependency: "Dependency / network",
  runner_lost: "Runner lost",
  no_runner: "No runner",
  startup_failure: "Startup failure",
  step_failed: "Failed step",
  unknown: "Unknown",
};

/**
 * Who must act on each cause, when no log line says otherwise: the platform
 * (`infrastructure`) or the change (`code`); null when the cause does not
 * tell (an unrecognised step, no classification). Cancellations never reach
 * it: they are not failures.
 */
export const CAUSE_CATEGORIES: Record<FailureCause, "infrastructure" | "code" | null> = {
  infrastructure: "infrastructure",
  runner_lost: "infrastructure",
  no_runner: "infrastructure",
  dependency: "infrastructure",
  timeout: "infrastructure",
  test: "code",
  build: "code",
  startup_failure: "code",
  cancelled: null,
  step_failed: null,
  unknown: null,
};

/** True when `value` is one of Runwatch's cause codes (a generic sender may store others). */
export function isFailureCause(value: unknown): value is FailureCause {
  return typeof value === "string" && (FAILURE_CAUSES as readonly string[]).includes(value);
}
