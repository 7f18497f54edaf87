/**
 * The Prometheus instruments of one server (docs/prometheus.md lists them).
 * Each server owns its registries — tests run several servers in one process,
 * so prom-client's global default registry is never used.
 *
 * Two registries hold the same instruments: one is serialised as Prometheus
 * text 0.0.4, the other as OpenMetrics 1.0. Counters are the exception: in
 * OpenMetrics mode prom-client renames a counter in place (it strips `_total`
 * from the metric object itself, then appends it to each sample), which would
 * corrupt the text format's name on the next scrape. So each counter is a pair,
 * one per registry, named for its format, and both are counted.
 *
 * Labels are low-cardinality only: source, outcome, pool, status — never a
 * job, run, commit, branch or repository.
 */
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from "prom-client";
import { JOB_SOURCES, type JobSource } from "../../lib/job";
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from "../../lib/sources";
import { createPoolDemandGauges, type PoolDemandGauges } from "./pool-demand-gauges";

/** What a delivery counted as: the outcomes the Sources page counts, plus `error` (a server fault, 5xx). */
export type DeliveryCount = DeliveryOutcome | "error";

/** Every delivery outcome counted, in the order they are exported. */
export const DELIVERY_COUNTS: readonly DeliveryCount[] = [...DELIVERY_OUTCOMES, "error"];

/** Seconds from a few seconds to a working day: how long CI jobs queue and run. */
export const CI_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800];

/** Seconds of an acknowledgement: the group commit's wait plus one fsync, up to a vendor's patience. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Seconds of one transaction of the writer. */
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Deliveries per transaction (the writer takes at most a few hundred at a time). */
const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

/** The two registries: the same series, each in its exposition format. */
export interface Registries {
  prometheus: Registry;
  openMetrics: Registry<OpenMetricsContentType>;
}

/** A counter kept in both registries (see the module comment). */
export interface TwinCounter<L extends string> {
  inc(labels: Partial<Record<L, string>>, value?: number): void;
}

function twinCounter<L extends string>(
  registries: Registries,
  config: { name: string; help: string; labelNames: readonly L[] },
): TwinCounter<L> & { initialise(labels: Partial<Record<L, string>>): void } {
  const base = config.name.replace(/_total$/, "");
  const text = new Counter({ ...config, name: `${base}_total`, registers: [registries.prometheus] });
  const open = new Counter({ ...config, name: base, registers: [registries.openMetrics] });
  return {
    inc(labels, value = 1) {
      text.inc(labels, value);
      open.inc(labels, value);
    },
    // A series that exists from the start reads 0, not "absent", so rate() and alerts see its first event.
    initialise(labels) {
      text.inc(labels, 0);
      open.inc(labels, 0);
    },
  };
}

/** Every instrument; gauges read at scrape time are fed by `telemetry.ts`. */
export interface Instruments {
  registries: Registries;
  deliveries: TwinCounter<"source" | "outcome">;
  ackSeconds: Histogram<"source">;
  batchSize: Histogram;
  batchCommitSeconds: Histogram;
  dashboards: Gauge;
  eventLoopLag: Gauge<"stat">;
  dependencyUp: Gauge<"dependency">;
  jobsQueued: Gauge<"pool">;
  jobsRunning: Gauge<"pool">;
  oldestWaitingSeconds: Gauge<"pool">;
  runners: Gauge<"pool" | "status">;
  jobDurationSeconds: Histogram<"source" | "pool">;
  jobQueueSeconds: Histogram<"source" | "pool">;
  residentMemory: Gauge;
  heapUsed: Gauge;
  /** `runwatch_pool_*`: the demand signal per pool. */
  poolDemand: PoolDemandGauges;
}

/** Creates a server's registries and every instrument in them, delivery counters at 0 for every source. */
export function createInstruments(): Instruments {
  // prom-client's typings declare no constructor argument: the content type is set after.
  const openMetrics = new Registry<OpenMetricsContentType>();
  openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registries: Registries = { prometheus: new Registry(), openMetrics };
  const registers = [registries.prometheus, registries.openMetrics];
  const deliveries = twinCounter(registries, {
    name: "runwatch_webhook_deliveries_total",
    help: "Webhook deliveries answered, by source and outcome (accepted, duplicate, ignored, rejected, invalid, error).",
    labelNames: ["source", "outcome"],
  });
  for (const source of JOB_SOURCES as readonly JobSource[])
    for (const outcome of DELIVERY_COUNTS) deliveries.initialise({ source, outcome });

  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ) => new Histogram<L>({ name, help, buckets, labelNames, registers });

  return {
    registries,
    deliveries,
    ackSeconds: histogram(
      "runwatch_webhook_ack_seconds",
      "Time from a delivery's body received to its 2xx answer (after its batch committed), by source.",
      ACK_BUCKETS,
      ["source"],
    ),
    batchSize: histogram(
      "runwatch_ingest_batch_size",
      "Deliveries and counts written per transaction by the group-commit writer.",
      BATCH_BUCKETS,
    ),
    batchCommitSeconds: histogram(
      "runwatch_ingest_batch_commit_seconds",
      "Time of one group-commit transaction, from its first write to its commit.",
      COMMIT_BUCKETS,
    ),
    dashboards: gauge("runwatch_dashboards_connected", "Live (Socket.IO) connections open on this node."),
    eventLoopLag: gauge(
      "runwatch_event_loop_lag_seconds",
      "Event-loop delay beyond the 10 ms sampling period over the last 5 s window: stat p50, p99 or max.",
      ["stat"],
    ),
    dependencyUp: gauge(
      "runwatch_dependency_up",
      "1 when the dependency answered its check at the last scrape, else 0 (dependency: database).",
      ["dependency"],
    ),
    jobsQueued: gauge("runwatch_jobs_queued", "Jobs waiting for a runner now, by label pool.", ["pool"]),
    jobsRunning: gauge("runwatch_jobs_running", "Jobs running now, by label pool.", ["pool"]),
    oldestWaitingSeconds: gauge(
      "runwatch_jobs_oldest_waiting_seconds",
      "How long the oldest job waiting for a runner has waited, by label pool.",
      ["pool"],
    ),
    runners: gauge(
      "runwatch_runners",
      "Runners by pool and status (busy, idle, offline); retired left out.",
      ["pool", "status"],
    ),
    jobDurationSeconds: histogram(
      "runwatch_job_duration_seconds",
      "Run time of jobs as they finish (start to finish), by source and label pool.",
      CI_BUCKETS,
      ["source", "pool"],
    ),
    jobQueueSeconds: histogram(
      "runwatch_job_queue_seconds",
      "Queue time of jobs as they start (queued to started), by source and label pool.",
      CI_BUCKETS,
      ["source", "pool"],
    ),
    residentMemory: gauge("process_resident_memory_bytes", "Resident memory size in bytes."),
    heapUsed: gauge("nodejs_heap_size_used_bytes", "V8 heap in use, in bytes."),
    poolDemand: createPoolDemandGauges(gauge),
  };
}
