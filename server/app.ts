/**
 * Composition root: builds one Runwatch server (API, webhooks, Socket.IO and,
 * optionally, the dashboard) from settings and injectable parts. Tests build it
 * with their own data folder, clock and port; `main.ts` builds it for real.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { Clock } from "./domain/clock";
import { systemClock } from "./domain/clock";
import { DomainEvents } from "./domain/events";
import { githubSource } from "./ingest/github";
import { createIngestService } from "./ingest/ingest-service";
import { errorBody, installErrorHandling } from "./http/errors";
import { healthRoutes } from "./http/health-routes";
import { jobRoutes } from "./http/job-routes";
import { webhookRoutes } from "./http/webhook-routes";
import { startBroadcaster } from "./realtime/broadcaster";
import { createSocketServer, type RealtimeServer } from "./realtime/socket-server";
import type { Settings } from "./settings";
import { openSqliteStore } from "./store/sqlite";
import type { Store } from "./store/store";

/** Everything a running server is made of, for tests and for shutdown. */
export interface RunwatchServer {
  app: FastifyInstance;
  io: RealtimeServer;
  store: Store;
  events: DomainEvents;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops accepting, flushes pending broadcasts, closes sockets and the database. */
  close(): Promise<void>;
}

/** Options for building a server. */
export interface BuildOptions {
  settings: Settings;
  clock?: Clock;
  /** Serve the Next.js dashboard too (off in API-only tests). */
  dashboard?: boolean;
}

const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-runwatch-signature-256"]',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-buildkite-token"]',
  'req.headers["webhook-signature"]',
];

/** Builds a server. Nothing listens until `listen()` is called. */
export async function buildServer({
  settings,
  clock = systemClock,
  dashboard = true,
}: BuildOptions): Promise<RunwatchServer> {
  const store = await openSqliteStore(settings.dataDir);
  const events = new DomainEvents();
  const app = Fastify({
    logger: { level: settings.logLevel, redact: { paths: REDACT, censor: "[redacted]" } },
    bodyLimit: settings.bodyLimit,
    // Vendors give up after 10 s; answer well inside that.
    requestTimeout: 9_000,
    return503OnClosing: true,
  });
  installErrorHandling(app);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );

  const ingest = createIngestService({ store, events, clock, secrets: settings.secrets });
  await app.register(webhookRoutes, { ingest, adapters: [githubSource], bodyLimit: settings.bodyLimit });
  await app.register(jobRoutes, { store });
  await app.register(healthRoutes, { store });

  const io = createSocketServer(app.server);
  const stopBroadcaster = startBroadcaster(io, events);
  const closeDashboard = dashboard ? await mountDashboard(app, settings.dev) : null;

  return {
    app,
    io,
    store,
    events,
    async listen() {
      await app.listen({ port: settings.port, host: settings.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : settings.port;
      const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
      return { port, url: `http://${host.includes(":") ? `[${host}]` : host}:${port}` };
    },
    async close() {
      stopBroadcaster();
      io.close();
      await app.close();
      await closeDashboard?.();
      await store.close();
    },
  };

  async function mountDashboard(instance: FastifyInstance, dev: boolean) {
    // Loaded lazily: API-only tests and tools never pay for Next.
    const { mountDashboard: mount } = await import("./http/dashboard");
    return mount(instance, instance.server, dev);
  }
}
