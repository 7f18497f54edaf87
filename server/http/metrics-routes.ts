/**
 * `GET /api/v1/metrics/*`: summary, time series, failures, flaky jobs,
 * workflow health, the queue and runner utilisation. Each validates its query
 * with the `lib/metrics.ts` schema (a bad value is a 400 naming the field).
 */
import type { FastifyInstance } from "fastify";
import {
  failuresQuerySchema,
  flakyQuerySchema,
  queueQuerySchema,
  runnersMetricsQuerySchema,
  summaryQuerySchema,
  timeseriesQuerySchema,
  workflowsQuerySchema,
} from "../../lib/metrics";
import type { Clock } from "../domain/clock";
import { metricsFailures, metricsFlaky } from "../metrics/failures";
import { metricsQueue, metricsRunners } from "../metrics/fleet";
import { metricsSummary } from "../metrics/summary";
import { metricsTimeseries } from "../metrics/timeseries";
import { metricsWorkflows } from "../metrics/workflows";
import { withQueueEtas, type PoolEtas } from "../queue-intel/queue-etas";
import type { FleetReads, MetricsStore } from "../store/store";
import { parseQuery } from "./validate";

/** Options of the metrics routes. */
export interface MetricsRoutesOptions {
  store: MetricsStore & Pick<FleetReads, "listRunners" | "listPoolKinds" | "usage">;
  clock: Clock;
  runnerOfflineAfterMs: number;
  /** Each pool's ETAs, put on the queue's waiting jobs (absent: none). */
  etasOfPool?: PoolEtas;
}

/** Registers the metrics read routes. */
export async function metricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): Promise<void> {
  const { store, clock, runnerOfflineAfterMs } = options;
  const read = { config: { access: "read" as const } };
  const fleet = () => ({ store, now: clock.now(), runnerOfflineAfterMs });

  app.get("/api/v1/metrics/summary", read, async (request) =>
    metricsSummary(store, parseQuery(summaryQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/timeseries", read, async (request) =>
    metricsTimeseries(store, parseQuery(timeseriesQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/failures", read, async (request) =>
    metricsFailures(store, parseQuery(failuresQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/flaky", read, async (request) =>
    metricsFlaky(store, parseQuery(flakyQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/workflows", read, async (request) =>
    metricsWorkflows(store, parseQuery(workflowsQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/queue", read, async (request) => {
    const queue = await metricsQueue(fleet(), parseQuery(queueQuerySchema, request.query));
    return options.etasOfPool ? withQueueEtas(queue, options.etasOfPool) : queue;
  });
  app.get("/api/v1/metrics/runners", read, async (request) =>
    metricsRunners(fleet(), parseQuery(runnersMetricsQuerySchema, request.query)),
  );
}
