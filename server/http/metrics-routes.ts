/**
 * `GET /api/v1/metrics/*`: summary, time series, failures, flaky jobs,
 * workflow health, the queue and runner utilisation. Each validates its query
 * with the `lib/metrics.ts` schema (a bad value is a 400 naming the field).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
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
import type { TeamDirectory } from "../auth/team-directory";
import { scopedFleetStore } from "./team-filters";
import { parseQuery } from "./validate";

/** Options of the metrics routes. */
export interface MetricsRoutesOptions {
  store: MetricsStore &
    Pick<
      FleetReads,
      "listRunners" | "listPoolKinds" | "usage" | "runningJobs" | "deliveryTimes" | "listDeliveryStats"
    >;
  clock: Clock;
  runnerOfflineAfterMs: number;
  /** The teams, to scope every answer to the caller's. */
  directory: TeamDirectory;
  /** Each pool's ETAs, put on the queue's waiting jobs (absent: none). */
  etasOfPool?: PoolEtas;
}

/** Registers the metrics read routes. */
export async function metricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): Promise<void> {
  const { clock, runnerOfflineAfterMs } = options;
  const read = { config: { access: "read" as const } };
  // Every answer reads through the store bound to the caller's teams (admins: the store itself).
  const scoped = (request: FastifyRequest) => scopedFleetStore(options.store, request, options.directory);
  const fleet = (request: FastifyRequest) => ({
    store: scoped(request),
    now: clock.now(),
    runnerOfflineAfterMs,
  });

  app.get("/api/v1/metrics/summary", read, async (request) =>
    metricsSummary(scoped(request), parseQuery(summaryQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/timeseries", read, async (request) =>
    metricsTimeseries(scoped(request), parseQuery(timeseriesQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/failures", read, async (request) =>
    metricsFailures(scoped(request), parseQuery(failuresQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/flaky", read, async (request) =>
    metricsFlaky(scoped(request), parseQuery(flakyQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/workflows", read, async (request) =>
    metricsWorkflows(scoped(request), parseQuery(workflowsQuerySchema, request.query), clock.now()),
  );
  app.get("/api/v1/metrics/queue", read, async (request) => {
    const queue = await metricsQueue(fleet(request), parseQuery(queueQuerySchema, request.query));
    return options.etasOfPool ? withQueueEtas(queue, options.etasOfPool) : queue;
  });
  app.get("/api/v1/metrics/runners", read, async (request) =>
    metricsRunners(fleet(request), parseQuery(runnersMetricsQuerySchema, request.query)),
  );
}
