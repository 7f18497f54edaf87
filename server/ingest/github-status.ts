/**
 * GitHub's `status` + `conclusion` pair (workflow jobs, steps and runs) onto
 * the normalised status. Contract: fixtures/README.md §1 (the wider enums).
 */
import type { JobStatus } from "../../lib/job";

const CONCLUSIONS: Record<string, JobStatus> = {
  success: "success",
  failure: "failure",
  cancelled: "cancelled",
  skipped: "skipped",
  timed_out: "timed_out",
  // Finished without a verdict: a check that chose not to judge, or a run that waits for a
  // person (approval of a fork's workflow). Neither passes nor fails; no rate counts it.
  neutral: "neutral",
  action_required: "neutral",
  startup_failure: "failure",
  // GitHub gave up on a suite left incomplete for 14 days: stopped, not judged.
  stale: "cancelled",
};

const ACTIVE: Record<string, JobStatus> = {
  requested: "queued",
  queued: "queued",
  pending: "queued",
  waiting: "waiting",
  in_progress: "running",
};

/** Maps GitHub's `status` + `conclusion` pair onto a normalised status. */
export function githubStatus(status: string, conclusion: string | null): JobStatus {
  // Own properties only: a vendor string such as "constructor" must not reach Object.prototype.
  if (status === "completed")
    return (
      (conclusion !== null && Object.hasOwn(CONCLUSIONS, conclusion) && CONCLUSIONS[conclusion]) || "failure"
    );
  return (Object.hasOwn(ACTIVE, status) && ACTIVE[status]) || "queued";
}
