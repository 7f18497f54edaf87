/**
 * The demand signal in Prometheus: `runwatch_pool_*` gauges by label pool,
 * the same figures `GET /api/v1/pools/{pool}/demand` answers (both from
 * `poolDemands`), read at scrape time with the fleet snapshot. Pools beyond
 * the label cap fold into `pool="other"`, whose figures are summed.
 */
import type { Gauge } from "prom-client";
import type { PoolDemand } from "../../lib/stall";

/** The figures exported, by the gauge's name suffix. */
const FIGURES = {
  waiting: ["waiting", "Jobs waiting for a runner now, by label pool (jobs marked lost left out)."],
  running: ["running", "Jobs running now, by label pool."],
  idleRunners: ["idle_runners", "Online runners able to serve the pool, idle, by label pool."],
  busyRunners: ["busy_runners", "Online runners able to serve the pool, busy, by label pool."],
  recommendedRunners: [
    "recommended_runners",
    "Runners to have: min(max(running, busy runners) + waiting, 500), by label pool (the demand signal).",
  ],
} as const satisfies Record<Exclude<keyof PoolDemand, "pool">, readonly [string, string]>;

/** The `runwatch_pool_*` gauges. */
export interface PoolDemandGauges {
  /** Replaces every series with these pools' figures (`poolLabel` names each pool in the export). */
  set(demand: Iterable<PoolDemand>, poolLabel: (pool: string) => string): void;
}

/** Creates the gauges with `gauge` (which registers each in the server's registries). */
export function createPoolDemandGauges(
  gauge: (name: string, help: string, labelNames: readonly "pool"[]) => Gauge<"pool">,
): PoolDemandGauges {
  const gauges = Object.entries(FIGURES).map(
    ([key, [suffix, help]]) =>
      [key as keyof typeof FIGURES, gauge(`runwatch_pool_${suffix}`, help, ["pool"])] as const,
  );
  return {
    set(demand, poolLabel) {
      for (const [, gauge] of gauges) gauge.reset();
      for (const d of demand) {
        const pool = poolLabel(d.pool);
        for (const [key, gauge] of gauges) gauge.inc({ pool }, d[key]);
      }
    },
  };
}
