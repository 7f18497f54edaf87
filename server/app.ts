/**
 * Composition root: builds one Runwatch server (API, webhooks, Socket.IO and,
 * optionally, the dashboard) from settings and injectable parts. Tests build it
 * with their own data folder, clock and port; `main.ts` builds it for real.
 */
import type { FastifyInstance } from "fastify";
import { createAuditRecorder } from "./auth/audit";
import { createAuditCheckpointer, verifyAnchored } from "./auth/audit-checkpoints";
import { systemClock } from "./domain/clock";
import { DomainEvents } from "./domain/events";
import { installAccessControl, type Access } from "./http/access";
import { createFastifyApp } from "./http/fastify-app";
import { adminRoutes } from "./http/admin-routes";
import { TeamDirectory } from "./auth/team-directory";
import { installTeamScope } from "./http/team-scope";
import { teamRoutes } from "./http/team-routes";
import type { DashboardOptions } from "./http/dashboard";
import { auditRoutes } from "./http/audit-routes";
import { authRoutes } from "./http/auth-routes";
import { oidcRoutes } from "./http/oidc-routes";
import { discoverSso, startSso } from "./auth/sso";
import { installDrain } from "./http/drain";
import { AUDITOR_PAGE } from "./http/page-gate";
import { errorBody, installErrorHandling } from "./http/errors";
import { countLoadRefusals } from "./http/evidence-routes";
import { createDeliveryWindow } from "./evidence/delivery-window";
import { healthRoutes } from "./http/health-routes";
import { databaseCheck, drainingCheck, migrationsCheck, redisCheck } from "./http/readiness";
import { jobLogRoutes } from "./http/job-log-routes";
import { jobRoutes } from "./http/job-routes";
import { openapiRoutes } from "./http/openapi";
import { prometheusRoutes } from "./http/prometheus-routes";
import { privacyRoutes } from "./http/privacy-routes";
import { loadPrivacyKey } from "./privacy/erasure";
import { replayRoutes } from "./http/replay-routes";
import { runtimeRoutes } from "./http/runtime-routes";
import { budgetLimiters } from "./http/limiters";
import { installRequestIdHeader } from "./http/request-id";
import { installSecurityHeaders, wantsHsts } from "./http/security-headers";
import { createTransport } from "./http/transport";
import { webhookRoutes } from "./http/webhook-routes";
import { createIngestService, isConfigured } from "./ingest/ingest-service";
import { createIngestWriter } from "./ingest/writer";
import { ADAPTERS } from "./ingest/adapters";
import { wantsLog } from "./logs/log-targets";
import { createWatchdog } from "./ingest/watchdog";
import { createLeases } from "./leases/leases";
import { startAlerting } from "./start-alerting";
import { registerEvidence } from "./start-evidence";
import { startRealtime } from "./start-realtime";
import { createEtaService } from "./queue-intel/eta-service";
import { fleetRoutes } from "./http/fleet-routes";
import { metricsRoutes } from "./http/metrics-routes";
import { queueDepthRoutes } from "./http/queue-depth-routes";
import { usageRoutes } from "./http/usage-routes";
import { stallRoutes } from "./http/stall-routes";
import { createStallWatch } from "./metrics/stall-watch";
import { allows, credentialsFrom, resolvePrincipal } from "./auth/principal";
import { announceDrain, closeConnections } from "./realtime/socket-drain";
import { connectRedis } from "./redis/redis-connection";
import { startEventLoopMonitor } from "./runtime/event-loop";
import { unknownSettingWarning } from "./settings";
import { openStore } from "./store/open";
import { checkAuditKeyFitsChain, sharedAuditKey } from "./auth/shared-audit-key";
import { createTelemetry } from "./telemetry/telemetry";
import { sloRoutes } from "./http/slo-routes";
import { createSloService, loadSloFile } from "./slo/slos";

import type { BuildOptions, RouteInfo, RunwatchServer } from "./server-types";

export type { BuildOptions, RouteInfo, RunwatchServer } from "./server-types";

/** Builds a server. Nothing listens until `listen()` is called. */
export async function buildServer({
  settings,
  clock = systemClock,
  dashboard = true,
  alerting = {},
  logFetching,
  logStream,
  leases: leaseOptions = {},
}: BuildOptions): Promise<RunwatchServer> {
  // An SLO file that cannot be used stops start-up (its error names the entry and field), before anything opens.
  const fileSlos = settings.sloFile ? loadSloFile(settings.sloFile, clock.now()) : [];
  // First: a provider that cannot be discovered, or a certificate that cannot be served, stops
  // start-up before anything is opened.
  const oidcClient = await discoverSso(settings.oidc, (error) =>
    app.log.warn({ err: error }, "OIDC discovery refresh failed; the previous document stays"),
  );
  const transport = createTransport({
    tls: settings.tls,
    // Vendors give up after 10 s; answer well inside that (a slow client gets its 408 in time too).
    requestTimeoutMs: settings.requestTimeoutMs,
    onTlsReload: (files) => app.log.info({ certFile: files.certFile }, "TLS certificate reloaded"),
    onTlsError: (error) =>
      app.log.error({ err: error }, "TLS certificate not reloaded; the previous one stays"),
  });
  // Before the database: a node that cannot reach the Redis its peers share must not start.
  const redis = settings.redisUrl
    ? await connectRedis(settings.redisUrl).catch((error: unknown) => {
        transport.stop();
        throw error;
      })
    : null;
  // From the setting or the data folder, never from the database (on either engine) it protects.
  const auditKey = sharedAuditKey(settings);
  const store = await openStore(settings, {
    auditKey,
    poolSize: settings.databasePoolSize,
    onConnectionError: (error) => app.log.warn({ err: error }, "database connection lost; reconnecting"),
  });
  // Several nodes append to one chain on PostgreSQL: one with another key must not write to it.
  if (settings.databaseUrl !== null) {
    await checkAuditKeyFitsChain(store, auditKey).catch(async (error: unknown) => {
      await Promise.all([store.close(), redis?.close()]);
      transport.stop();
      throw error;
    });
  }
  const events = new DomainEvents();
  const headerOptions = { hsts: wantsHsts(settings.publicUrl) };
  const app = createFastifyApp({
    settings,
    serverFactory: transport.serverFactory,
    logStream,
    headers: headerOptions,
  });
  // A typo in a setting (a security one above all) must not pass silently.
  for (const unknown of settings.unknownVariables) app.log.warn(unknownSettingWarning(unknown));
  const audit = createAuditRecorder(store, clock, (error) =>
    app.log.error({ err: error }, "audit append failed"),
  );
  // Before access control, which checks access tokens against the provider's keys.
  const sso = startSso(settings.oidc, oidcClient, { store, audit });
  const routes: RouteInfo[] = [];
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: Access } | undefined)?.access ?? "admin";
    for (const method of methods) if (method !== "HEAD") routes.push({ method, url: route.url, access });
  });

  installRequestIdHeader(app);
  installErrorHandling(app);
  const drain = installDrain(app, app.server, { graceMs: settings.shutdownGraceMs });
  installSecurityHeaders(app, headerOptions);
  installAccessControl(app, {
    store,
    clock,
    audit,
    authRequired: settings.authRequired,
    accessTokens: sso.accessTokens,
    limiters: budgetLimiters(settings.rateLimits, redis, (error) =>
      app.log.warn(
        { err: error },
        "REDIS_URL: shared rate limits unavailable; this node limits on its own meanwhile",
      ),
    ),
  });
  const teams = new TeamDirectory(store, () => clock.now());
  installTeamScope(app, teams);
  // Deliveries over time for the evidence page (in memory, since start-up).
  const deliveryWindow = createDeliveryWindow(clock);
  countLoadRefusals(app, deliveryWindow);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );

  // The Prometheus export. Live connections and event-loop lag are read only when scraped (after listen).
  const telemetry = createTelemetry({
    store,
    events,
    clock,
    runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
    eventLoopLag: () => eventLoop.lag(),
    dashboards: () => io.engine.clientsCount,
    ...(redis ? { checks: { redis: async () => void (await redis.client.ping()) } } : {}),
  });
  // The one owner of ingest's writes: deliveries are committed in batches (group commit).
  const writer = createIngestWriter({
    store,
    events,
    wantsLog: (job) => wantsLog(settings.logSources, job),
    onCommit: telemetry.batchCommitted,
  });
  const ingest = deliveryWindow.observeIngest(
    telemetry.observeIngest(
      createIngestService({
        writer,
        clock,
        secrets: settings.secrets,
        toleranceMs: settings.signatureToleranceMs,
      }),
    ),
  );
  await app.register(webhookRoutes, { ingest, audit, adapters: ADAPTERS, bodyLimit: settings.bodyLimit });
  const etas = createEtaService({
    store,
    events,
    clock,
    runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
    onError: (err) => app.log.warn({ err }, "queue ETA not computed"),
  });
  await app.register(jobRoutes, { store, withEtas: etas.withEtas });
  await app.register(jobLogRoutes, { store });
  await app.register(fleetRoutes, {
    store,
    clock,
    sources: ADAPTERS.map((adapter) => ({ adapter, configured: isConfigured(adapter, settings.secrets) })),
    runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
    directory: teams,
  });
  await app.register(metricsRoutes, {
    store,
    clock,
    runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
    directory: teams,
    etasOfPool: etas.etasOfPool,
  });
  await app.register(queueDepthRoutes, { store, clock });
  const slos = createSloService({
    store,
    ackReading: telemetry.ackReading,
    fileSlos,
    startedAt: clock.now(),
  });
  await app.register(sloRoutes, { store, registry: slos, clock, audit });
  await app.register(usageRoutes, { store, clock, audit, events, runnerPrices: settings.runnerPrices });
  const stallDeps = { store, clock, audit, events, runnerOfflineAfterMs: settings.runnerOfflineAfterMs };
  await app.register(stallRoutes, stallDeps);
  await app.register(healthRoutes, {
    checks: [
      databaseCheck(store),
      migrationsCheck(store),
      ...(redis ? [redisCheck(redis)] : []),
      drainingCheck(drain.draining),
    ],
  });
  await app.register(prometheusRoutes, { telemetry, open: settings.metricsPublic });
  await app.register(openapiRoutes, { adapters: ADAPTERS, metricsPublic: settings.metricsPublic });
  const authDeps = { store, clock, audit, events };
  await app.register(authRoutes, {
    ...authDeps,
    authRequired: settings.authRequired,
    sessionTtlMs: settings.sessionTtlMs,
    keySignin: settings.keySignin,
  });
  await app.register(oidcRoutes, {
    ...authDeps,
    sso,
    sessionTtlMs: settings.sessionTtlMs,
    keySignin: settings.keySignin,
    publicUrl: settings.publicUrl,
  });
  await app.register(adminRoutes, authDeps);
  await app.register(teamRoutes, { ...authDeps, directory: teams });
  await app.register(auditRoutes, {
    ...authDeps,
    verifyAudit: () => verifyAnchored(store, auditKey, settings.audit.checkpointFile),
  });
  // Anchors the chain's head outside the database: now, hourly, and at shutdown.
  const checkpointer = createAuditCheckpointer({
    store,
    key: auditKey,
    settings: settings.audit,
    allow: settings.outboundAllow,
    clock,
    onError: (error, target) => app.log.error({ err: error, target }, "audit checkpoint not written"),
  });
  checkpointer.start();
  void checkpointer
    .checkpoint()
    .catch((error: unknown) => app.log.error({ err: error }, "audit checkpoint refused"));
  await registerEvidence({
    app,
    store,
    clock,
    settings,
    audit,
    auditKey,
    deliveries: deliveryWindow,
    routes: () => routes,
    // Both exist by the time a request comes (created below).
    eventLoopLag: () => eventLoop.lag(),
    dashboards: () => io.engine.clientsCount,
  });
  await app.register(replayRoutes, authDeps);
  await app.register(privacyRoutes, { store, clock, privacyKey: loadPrivacyKey(settings.dataDir) });
  const leases = createLeases({
    store,
    clock,
    // PostgreSQL is how several nodes share one database; SQLite is always one node.
    shared: leaseOptions.shared ?? settings.databaseUrl !== null,
    ttlMs: leaseOptions.ttlMs,
    onError: (error) => app.log.error({ err: error }, "lease renewal failed"),
  });
  // Before any loop asks: a node that can take a lease has it from its first tick.
  await leases.renew();
  leases.start();
  const alerts = await startAlerting({
    app,
    store,
    events,
    clock,
    settings,
    audit,
    leases,
    slos,
    alerting,
    logFetching,
  });

  const realtime = startRealtime({
    app,
    events,
    redis,
    publicUrl: settings.publicUrl,
    auth: { ...authDeps, authRequired: settings.authRequired, accessTokens: sso.accessTokens },
    broadcast: {
      onSent: (source, delayMs) => deliveryWindow.pushed(source, delayMs),
      clock,
      runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
      teams,
      withEta: etas.cached,
    },
  });
  const { io } = realtime;
  const eventLoop = startEventLoopMonitor();
  await app.register(runtimeRoutes, { eventLoopLag: eventLoop.lag, sockets: () => io.engine.clientsCount });
  const watchdog = createWatchdog({
    store,
    events,
    clock,
    lostJobAfterMs: settings.lostJobAfterMs,
    runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
    onError: (error) => app.log.error({ err: error }, "watchdog check failed"),
    mayRun: () => leases.held("watchdog"),
  });
  const stallWatch = createStallWatch({
    ...stallDeps,
    onError: (error) => app.log.error({ err: error }, "stall radar pass failed"),
    mayRun: () => leases.held("watchdog"),
  });
  // Roll-ups stay fresh in the background, so a metrics request rarely has hours to rebuild.
  const metricsRefresher = setInterval(() => {
    if (!leases.held("rollups")) return;
    store.refreshMetrics().catch((error: unknown) => app.log.error({ err: error }, "metrics refresh failed"));
  }, 1000);
  metricsRefresher.unref();
  const closeDashboard = dashboard
    ? await mountDashboardLazily(app, {
        dev: settings.dev,
        mayView: async (request, path) => {
          if (!settings.authRequired) return true;
          const resolution = await resolvePrincipal(
            store,
            credentialsFrom(request.headers),
            clock.now(),
            sso.accessTokens,
          );
          if (resolution.kind !== "ok") return false;
          // An auditor sees the evidence and the audit log, no other page.
          return (
            allows(resolution.principal, "read") ||
            (allows(resolution.principal, "auditor") && AUDITOR_PAGE.test(path))
          );
        },
      })
    : null;

  return {
    app,
    io,
    store,
    events,
    audit,
    watchdog,
    stallWatch,
    alerts: { dispatcher: alerts.dispatcher, outbox: alerts.outbox },
    logs: alerts.logs,
    writer,
    leases,
    routes,
    async listen() {
      await app.listen({ port: settings.port, host: settings.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : settings.port;
      const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
      return { port, url: `${transport.protocol}://${host.includes(":") ? `[${host}]` : host}:${port}` };
    },
    async close(options = {}) {
      // Readiness false and 503 for new requests; idle keep-alive connections close now, in-flight
      // ones get the grace period. Live clients learn at once that they must move.
      drain.begin();
      announceDrain(io, clock.now());
      transport.stop();
      await watchdog.stop();
      await stallWatch.stop();
      clearInterval(metricsRefresher);
      // Requests admitted before the drain finish; each delivery among them is answered once committed.
      await drain.settled();
      // Nothing waits on the writer any more: commit whatever is still queued.
      await writer.close();
      // What those commits changed goes out to the clients still connected; then they are handed over.
      realtime.stopBroadcaster();
      await etas.stop();
      await Promise.race([closeConnections(io, SOCKET_CLOSE_MS), drain.deadline()]);
      eventLoop.stop();
      sso.stop();
      realtime.close();
      await app.close();
      drain.end();
      telemetry.close();
      // Ingest has stopped: finish evaluating what it queued, then let in-flight sends be recorded.
      await alerts.stop();
      // The caller's own work on the store (a retention purge) ends before its leases are handed over.
      await options.backgroundWork?.catch((error: unknown) =>
        app.log.error({ err: error }, "background work failed"),
      );
      // Last of the background work: another node may take it over from now.
      await leases.stop();
      await closeDashboard?.();
      // After everything that could still append to the audit log.
      await checkpointer
        .stop()
        .catch((error: unknown) => app.log.error({ err: error }, "audit checkpoint failed"));
      await store.close();
      // Last: the final broadcasts and rate-limit checks above went through it.
      await redis?.close();
    },
  };
}

/** Longest the handover of live clients may wait for their queued updates to be written, ms. */
const SOCKET_CLOSE_MS = 2000;

// Loaded lazily: API-only tests and tools never pay for Next.
async function mountDashboardLazily(
  app: FastifyInstance,
  options: DashboardOptions,
): Promise<() => Promise<void>> {
  const { mountDashboard } = await import("./http/dashboard");
  return mountDashboard(app, app.server, options);
}
