/**
 * Job queue-time and duration histograms, observed from the domain events as
 * jobs change: a job's queue time when it is first known (the job started), its
 * duration when first known on a finished job. Each job is observed once per
 * node that stores its change, O(1) per event; a replayed or repeated
 * delivery changes nothing already known, so it observes nothing again.
 */
import { isTerminal, type Job } from "../../lib/job";
import { poolOf } from "../../lib/runner";
import type { DomainEvents } from "../domain/events";
import type { Instruments } from "./instruments";

/** What the observer writes to, and how it names pools. */
export interface JobTimingDeps {
  events: DomainEvents;
  instruments: Pick<Instruments, "jobDurationSeconds" | "jobQueueSeconds">;
  poolLabel: (pool: string) => string;
}

/** Starts observing; returns the function that stops it. */
export function observeJobTimings({ events, instruments, poolLabel }: JobTimingDeps): () => void {
  const onChange = ({ job, previous }: { job: Job; previous: Job | null }) => {
    const queueKnown = job.queueMs !== null && (previous?.queueMs ?? null) === null;
    const durationKnown =
      job.durationMs !== null &&
      isTerminal(job.status) &&
      !(previous && previous.durationMs !== null && isTerminal(previous.status));
    if (!queueKnown && !durationKnown) return;
    const labels = { source: job.source, pool: poolLabel(poolOf(job.runner.labels, job.runner.group)) };
    // Clocks of different machines can disagree by a little: a negative span is 0, not dropped.
    if (queueKnown) instruments.jobQueueSeconds.observe(labels, Math.max(0, (job.queueMs ?? 0) / 1000));
    if (durationKnown)
      instruments.jobDurationSeconds.observe(labels, Math.max(0, (job.durationMs ?? 0) / 1000));
  };
  events.on("job.changed", onChange);
  return () => events.off("job.changed", onChange);
}
