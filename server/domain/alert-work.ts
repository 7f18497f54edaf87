/**
 * Which job changes the alert dispatcher evaluates: the moment a job first
 * becomes terminal. Ingest queues exactly these (durably, with the delivery);
 * repeats and late duplicates of a finished job change nothing.
 */
import { isTerminal, type Job } from "../../lib/job";

/** A finished job waiting for job-state evaluation, in the order it was queued. */
export interface AlertWork {
  /** Queue position (increasing). */
  seq: number;
  job: Job;
}

/** True when this change is the job's first arrival at a terminal status. */
export function firstFinished(job: Job, previous: Job | null): boolean {
  return isTerminal(job.status) && !(previous && isTerminal(previous.status));
}
