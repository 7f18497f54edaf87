/**
 * Which job opened or closed an alert, and what an alert about waiting
 * (`queue_time`, `stuck_job`) says when it closes: the job it was waiting on
 * started, read from the store as it is now, so on-call reads what changed
 * ("Job test (acme/api · CI) started after 12m in queue on pool linux.")
 * rather than "no longer observed".
 */
import type { Alert, AlertCause } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import { runIdOf } from "../../lib/run";
import { poolOf } from "../../lib/runner";
import type { JobReads } from "../store/store";
import type { NoticeCause } from "./draft";
import { formatDuration } from "./format";

/** The job and its run, as an alert names them. */
export const causeOf = (job: Pick<Job, "id" | "source" | "runId">): AlertCause => ({
  jobId: job.id,
  runId: runIdOf(job),
});

/** The job with this id and its run (run null when the job is no longer stored); null for no id. */
export async function causeById(
  store: Pick<JobReads, "getJob">,
  jobId: string | null | undefined,
): Promise<AlertCause | null> {
  if (!jobId) return null;
  const job = await store.getJob(jobId);
  return job ? causeOf(job) : { jobId, runId: null };
}

const WAITING_KINDS: ReadonlySet<Alert["kind"]> = new Set(["queue_time", "stuck_job"]);

/**
 * How an open alert about waiting closes, when the job it last named has
 * stopped waiting: it started (or ended without ever starting, e.g.
 * cancelled). Null when the alert is about something else or the job is
 * still queued or unknown: the resolution then keeps its default text.
 */
export async function waitResolution(
  store: Pick<JobReads, "getJob">,
  open: Alert | null,
  now: number,
): Promise<NoticeCause | null> {
  if (!open || !WAITING_KINDS.has(open.kind)) return null;
  const jobId = open.job?.id ?? open.openedBy?.jobId;
  const job = jobId ? await store.getJob(jobId) : null;
  if (!job || job.status === "queued") return null;
  const queued = job.queuedAt ? Date.parse(job.queuedAt) : NaN;
  const pool = open.where.pool ?? poolOf(job.runner.labels, job.runner.group);
  const name = `Job ${job.name} (${job.repo} · ${job.workflow || "no workflow"})`;
  const started = job.startedAt ? Date.parse(job.startedAt) : NaN;
  if (Number.isFinite(started)) {
    const waited = Number.isFinite(queued) ? ` after ${formatDuration(started - queued)} in queue` : "";
    return { cause: causeOf(job), resolution: `${name} started${waited} on pool ${pool}.` };
  }
  const waited = Number.isFinite(queued) ? ` after ${formatDuration(now - queued)} in queue` : "";
  return {
    cause: causeOf(job),
    resolution: `${name} ended (${job.status}) without starting${waited} on pool ${pool}.`,
  };
}
