/**
 * A label pool's demand for runners, pure: what `GET /api/v1/pools/{pool}/demand`
 * answers and the `runwatch_pool_*` gauges export, from the same reads, so an
 * autoscaler reading either sees the same figures.
 */
import type { Job } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import { MAX_RECOMMENDED_RUNNERS, type PoolDemand } from "../../lib/stall";
import { canServe } from "./capacity";
import { poolOfJob } from "./stall-radar";

/**
 * Runners to have: one per job running or waiting, never fewer than the
 * runners busy now (a busy runner cannot be scaled away), at most
 * {@link MAX_RECOMMENDED_RUNNERS}.
 */
export const recommendedRunners = (waiting: number, running: number, busy: number) =>
  Math.min(Math.max(running, busy) + waiting, MAX_RECOMMENDED_RUNNERS);

/**
 * Demand of every pool a job waits or runs in, plus `alsoKnown` pools (seen
 * recently, or with a kind set) at zero demand. Idle and busy runners are the
 * online ones able to serve the pool's labels (as on the Queue page).
 */
export function poolDemands(
  waiting: readonly Job[],
  running: readonly Job[],
  runners: readonly Runner[],
  alsoKnown: Iterable<string> = [],
): Map<string, PoolDemand> {
  const pools = new Map<string, { job: Job | null; waiting: number; running: number }>();
  const entry = (pool: string, job: Job | null) => {
    let e = pools.get(pool);
    if (!e) pools.set(pool, (e = { job, waiting: 0, running: 0 }));
    e.job ??= job;
    return e;
  };
  for (const job of waiting) entry(poolOfJob(job), job).waiting += 1;
  for (const job of running) entry(poolOfJob(job), job).running += 1;
  for (const pool of alsoKnown) entry(pool, null);
  const out = new Map<string, PoolDemand>();
  for (const [pool, e] of pools) {
    // A pool known only by name has the labels its name lists (`poolOf` joins them with ", ").
    const labels = e.job ? e.job.runner.labels : pool.split(", ");
    const able = runners.filter(
      (r) => (e.job === null || r.source === e.job.source) && canServe(r, r.source, labels),
    );
    const idleRunners = able.filter((r) => r.status === "idle").length;
    const busyRunners = able.filter((r) => r.status === "busy").length;
    out.set(pool, {
      pool,
      waiting: e.waiting,
      running: e.running,
      idleRunners,
      busyRunners,
      recommendedRunners: recommendedRunners(e.waiting, e.running, busyRunners),
    });
  }
  return out;
}
