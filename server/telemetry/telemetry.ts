/**
 * The Prometheus export of one server, put together: the instruments
 * (`instruments.ts`), what feeds them as things happen — deliveries and their
 * acknowledgement (`observe-ingest.ts`), the writer's commits, jobs starting and
 * finishing (`job-timings.ts`) — and what is read when scraped: the queue and
 * fleet per pool and the dependency checks (`fleet-snapshot.ts`, cached), the
 * event-loop lag, live connections and memory. `GET /metrics` serves `render`.
 */
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { Ingest } from "../ingest/ingest-service";
import type { EventLoopLag } from "../runtime/event-loop";
import type { StoreLifecycle } from "../store/store";
import type { ExpositionFormat } from "./exposition";
import {
  cachedSnapshot,
  readFleetSnapshot,
  type DependencyCheck,
  type FleetSnapshot,
  type FleetSnapshotDeps,
} from "./fleet-snapshot";
import { ackReadingOf, type AckReading } from "./ack-sampler";
import { createInstruments, type Instruments } from "./instruments";
import { observeJobTimings } from "./job-timings";
import { labelCap } from "./label-cap";
import { observeIngest } from "./observe-ingest";

/** What the export reads. */
export interface TelemetryDeps {
  store: FleetSnapshotDeps["store"] & Pick<StoreLifecycle, "ping">;
  events: DomainEvents;
  clock: Clock;
  runnerOfflineAfterMs: number;
  /** Read at scrape time only. */
  eventLoopLag: () => EventLoopLag;
  /** Live connections now; read at scrape time only. */
  dashboards: () => number;
  /** More dependencies to check besides the database (e.g. `redis`), by the label they are exported under. */
  checks?: Record<string, DependencyCheck>;
  /** How long a snapshot of the queue, fleet and checks is reused, ms (default 5000). */
  snapshotTtlMs?: number;
  /** Distinct pools exported before later ones fold into `pool="other"` (default 200). */
  maxPools?: number;
}

/** One rendered scrape. */
export interface Exposition {
  contentType: string;
  body: string;
}

/** A server's export. */
export interface Telemetry {
  /** The ingest function, counted and timed. */
  observeIngest(ingest: Ingest): Ingest;
  /** Records one committed writer transaction (the writer's `onCommit`). */
  batchCommitted(batch: { items: number; seconds: number }): void;
  /** Every series now, in the format asked for. */
  render(format: ExpositionFormat): Promise<Exposition>;
  /** Stops listening to domain events. */
  close(): void;
  /** The webhook acknowledgement histogram now, by source (for the webhook_ack_p99 SLO). */
  ackReading(): Promise<AckReading>;
}

/** Creates the export; job timings are observed from now on. */
export function createTelemetry(deps: TelemetryDeps): Telemetry {
  const instruments = createInstruments();
  const poolLabel = labelCap(deps.maxPools ?? 200);
  const stopJobTimings = observeJobTimings({ events: deps.events, instruments, poolLabel });
  const snapshot = cachedSnapshot(
    () =>
      readFleetSnapshot({
        store: deps.store,
        clock: deps.clock,
        runnerOfflineAfterMs: deps.runnerOfflineAfterMs,
        checks: { database: () => deps.store.ping(), ...deps.checks },
        poolLabel,
      }),
    deps.snapshotTtlMs ?? 5000,
  );

  const readNow = async () => {
    setFleet(instruments, await snapshot(), poolLabel);
    const lag = deps.eventLoopLag();
    instruments.eventLoopLag.set({ stat: "p50" }, lag.p50Ms / 1000);
    instruments.eventLoopLag.set({ stat: "p99" }, lag.p99Ms / 1000);
    instruments.eventLoopLag.set({ stat: "max" }, lag.maxMs / 1000);
    instruments.dashboards.set(deps.dashboards());
    const memory = process.memoryUsage();
    instruments.residentMemory.set(memory.rss);
    instruments.heapUsed.set(memory.heapUsed);
  };

  return {
    observeIngest: (ingest) => observeIngest(ingest, instruments),
    batchCommitted({ items, seconds }) {
      instruments.batchSize.observe(items);
      instruments.batchCommitSeconds.observe(seconds);
    },
    async render(format) {
      await readNow();
      const registry =
        format === "openMetrics" ? instruments.registries.openMetrics : instruments.registries.prometheus;
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    close: stopJobTimings,
    ackReading: async () => ackReadingOf((await instruments.ackSeconds.get()).values),
  };
}

/** Sets the per-pool and dependency gauges to a snapshot; pools gone since the last scrape disappear. */
function setFleet(
  instruments: Instruments,
  { pools, dependencies, demand }: FleetSnapshot,
  poolLabel: (pool: string) => string,
): void {
  instruments.poolDemand.set(demand, poolLabel);
  const { jobsQueued, jobsRunning, oldestWaitingSeconds, runners, dependencyUp } = instruments;
  for (const gauge of [jobsQueued, jobsRunning, oldestWaitingSeconds, runners, dependencyUp]) gauge.reset();
  for (const [pool, figures] of pools) {
    jobsQueued.set({ pool }, figures.queued);
    jobsRunning.set({ pool }, figures.running);
    if (figures.oldestWaitingSeconds !== null)
      oldestWaitingSeconds.set({ pool }, figures.oldestWaitingSeconds);
    for (const [status, count] of Object.entries(figures.runners)) runners.set({ pool, status }, count);
  }
  for (const [dependency, up] of Object.entries(dependencies)) dependencyUp.set({ dependency }, up ? 1 : 0);
}
