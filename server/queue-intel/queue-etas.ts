/**
 * The Queue metrics' waiting jobs with their ETAs: each pool's oldest job and
 * every stuck one (`GET /api/v1/metrics/queue`).
 */
import type { QueueResponse, WaitingJob } from "../../lib/metrics";
import type { Eta } from "../domain/eta";

/** Reads a pool's ETAs by job id (see `EtaService.etasOfPool`). */
export type PoolEtas = (pool: string) => Promise<ReadonlyMap<string, Eta | null>>;

/** The answer with `eta` on every waiting job it lists (null when its pool lacks history). */
export async function withQueueEtas(response: QueueResponse, etasOfPool: PoolEtas): Promise<QueueResponse> {
  const byPool = new Map<string, ReadonlyMap<string, Eta | null>>();
  for (const pool of response.pools) if (pool.queued > 0) byPool.set(pool.pool, await etasOfPool(pool.pool));
  // A stuck job names its labels, not its pool: look it up in every pool (a few dozen).
  const etaOf = (job: WaitingJob, pool?: string): WaitingJob => {
    const maps = pool ? [byPool.get(pool)] : [...byPool.values()];
    for (const map of maps) {
      const eta = map?.get(job.id);
      if (eta !== undefined) return { ...job, eta };
    }
    return { ...job, eta: null };
  };
  return {
    ...response,
    pools: response.pools.map((p) => (p.oldest ? { ...p, oldest: etaOf(p.oldest, p.pool) } : p)),
    stuckJobs: response.stuckJobs.map((job) => etaOf(job)),
  };
}
