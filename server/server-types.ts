/**
 * The shape of a built server and the options it is built from (see
 * `app.ts`), apart from the wiring so tests and tools can name them.
 */
import type { FastifyInstance } from "fastify";
import type { Dispatcher } from "./alerts/dispatch";
import type { Outbox } from "./alerts/outbox";
import type { RetryPolicy } from "./alerts/retry";
import type { AuditRecorder } from "./auth/audit";
import type { Clock } from "./domain/clock";
import type { DomainEvents } from "./domain/events";
import type { Access } from "./http/access";
import type { IngestWriter } from "./ingest/writer";
import type { Watchdog } from "./ingest/watchdog";
import type { StallWatch } from "./metrics/stall-watch";
import type { Leases } from "./leases/leases";
import type { LogWorker, LogWorkerPolicy } from "./logs/log-worker";
import type { RealtimeServer } from "./realtime/socket-server";
import type { Settings } from "./settings";
import type { Store } from "./store/store";

/** A registered route and who may call it (for the route-enumeration test and docs). */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

/** Everything a running server is made of, for tests and for shutdown. */
export interface RunwatchServer {
  app: FastifyInstance;
  io: RealtimeServer;
  store: Store;
  events: DomainEvents;
  audit: AuditRecorder;
  /** Flags lost jobs and silent runners; `main.ts` starts it, tests call `check()`. */
  watchdog: Watchdog;
  /** Keeps dashboards' stall-radar diagnoses live (`diagnoses:updated`); started by main.ts. */
  stallWatch: StallWatch;
  /** Alert evaluation (`tick()`, `idle()`) and the notification outbox (`drain()`), for tests. */
  alerts: { dispatcher: Dispatcher; outbox: Outbox };
  /** Fetches failed jobs' log tails (`tick()`, `idle()`, for tests). */
  logs: LogWorker;
  /** The group-commit writer of ingest (its counters, for tests and benchmarks). */
  writer: IngestWriter;
  /** Which once-across-nodes work this node may run (`main.ts` asks it for retention; tests `renew()`). */
  leases: Leases;
  /** Every route registered, with its declared access level. */
  routes: RouteInfo[];
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<{ port: number; url: string }>;
  /**
   * Drains and closes: readiness false and 503s for new requests, requests in
   * flight finished, the writer flushed, pending broadcasts sent, live clients
   * told (`server:draining`) and handed over, then everything closed.
   * `backgroundWork` (work the caller runs on the store, such as a retention
   * purge) is awaited before the store closes, without delaying the drain.
   */
  close(options?: { backgroundWork?: Promise<unknown> }): Promise<void>;
}

/** Options for building a server. */
export interface BuildOptions {
  settings: Settings;
  clock?: Clock;
  /** Serve the Next.js dashboard too (off in API-only tests). */
  dashboard?: boolean;
  /** Alert delivery knobs for tests: retry policy and jitter source, threshold tick period (ms). */
  alerting?: { retryPolicy?: RetryPolicy; random?: () => number; tickMs?: number };
  /** Log-fetch retry knobs for tests. */
  logFetching?: Partial<LogWorkerPolicy>;
  /** Where log lines (one JSON object each) go instead of stdout; for tests that read them. */
  logStream?: { write(line: string): void };
  /** Leases of once-across-nodes work: `shared` when other nodes use the database (default: true on PostgreSQL, false on SQLite). */
  leases?: { shared?: boolean; ttlMs?: number };
}
