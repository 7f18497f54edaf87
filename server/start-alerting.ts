/**
 * Alerting as the server runs it: the log worker (failing lines fetched for
 * notifications), the one sender per process, the alerting API, the outbox
 * that delivers notices, and the dispatcher that evaluates rules. Wiring only,
 * split from `app.ts`; the outbox sends and the dispatcher ticks only on the
 * node holding their leases.
 */
import type { FastifyInstance } from "fastify";
import { createDispatcher, type Dispatcher } from "./alerts/dispatch";
import { createOutbox, type Outbox } from "./alerts/outbox";
import { createSender } from "./alerts/send";
import type { AuditRecorder } from "./auth/audit";
import type { Clock } from "./domain/clock";
import type { DomainEvents } from "./domain/events";
import { alertRoutes } from "./http/alert-routes";
import { ADAPTERS } from "./ingest/adapters";
import { isConfigured } from "./ingest/ingest-service";
import type { Leases } from "./leases/leases";
import { createLogWorker, type LogWorker } from "./logs/log-worker";
import type { BuildOptions } from "./server-types";
import type { Settings } from "./settings-types";
import type { SloRegistry } from "./slo/slo-registry";
import type { Store } from "./store/store";

/** What alerting needs from the server. */
export interface AlertingDeps {
  app: FastifyInstance;
  store: Store;
  events: DomainEvents;
  clock: Clock;
  settings: Settings;
  audit: AuditRecorder;
  leases: Leases;
  slos: SloRegistry;
  /** Test knobs of `buildServer`. */
  alerting: NonNullable<BuildOptions["alerting"]>;
  logFetching: BuildOptions["logFetching"];
}

/** Alerting, started. */
export interface Alerting {
  dispatcher: Dispatcher;
  outbox: Outbox;
  logs: LogWorker;
  /** Finishes evaluating what ingest queued, then lets in-flight sends be recorded; call after ingest stopped. */
  stop(): Promise<void>;
}

/** Registers the alerting routes and starts the log worker, the outbox and the dispatcher. */
export async function startAlerting(deps: AlertingDeps): Promise<Alerting> {
  const { app, store, events, clock, settings, audit, leases, slos, alerting } = deps;
  const logs = createLogWorker({
    store,
    events,
    clock,
    sources: settings.logSources,
    allow: settings.outboundAllow,
    policy: deps.logFetching,
    onError: (error) => app.log.error({ err: error }, "log fetch failed"),
  });
  // Without a read token nothing is ever fetched: no listener, no polling.
  if (Object.values(settings.logSources).some((source) => source !== null)) logs.start();
  // One sender (and SMTP transport) per process.
  const sender = createSender({ settings, clock, logExcerpt: logs.excerptFor });
  await app.register(alertRoutes, {
    store,
    clock,
    audit,
    sendTest: sender.sendTest,
    outboundAllow: settings.outboundAllow,
    // Called only by requests, which come after `dispatcher` below is created.
    closeAlerts: (rule, reason) => dispatcher.closeRule(rule, reason),
    listSlos: () => slos.list(),
  });
  const onAlertError = (error: unknown) => app.log.error({ err: error }, "alerting failed");
  const outbox = createOutbox({
    store,
    clock,
    send: sender.send,
    random: alerting.random,
    policy: alerting.retryPolicy,
    onError: onAlertError,
    maySend: () => leases.held("alert-outbox"),
  });
  const dispatcher = createDispatcher({
    store,
    events,
    clock,
    settings,
    sources: ADAPTERS.map((adapter) => ({
      source: adapter.source,
      configured: isConfigured(adapter, settings.secrets),
    })),
    onError: onAlertError,
    mayTick: () => leases.held("alert-ticks"),
    slos: () => slos.statuses(clock.now()),
  });
  // A recorded notice has outbox rows: send them now rather than at the worker's next look.
  const pokeOutbox = () => outbox.poke();
  events.on("alert.fired", pokeOutbox);
  outbox.start();
  dispatcher.start(alerting.tickMs);
  return {
    dispatcher,
    outbox,
    logs,
    async stop() {
      await dispatcher.stop();
      await logs.stop();
      events.off("alert.fired", pokeOutbox);
      await outbox.stop();
      sender.close();
    },
  };
}
