/**
 * Entry point: `npm start` (production) and `npm run dev`. Validates settings,
 * builds the server, makes sure an admin credential exists, starts retention,
 * listens, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { buildServer } from "./app";
import { keepFirstAdminKey } from "./first-admin-key";
import { systemClock } from "./domain/clock";
import { scheduleRetention } from "./ingest/retention";
import { loadSettings, SettingsError, type Settings } from "./settings";

/** How long past the grace period a shutdown may still take (flushes, closing the database), ms. */
const SHUTDOWN_OVERRUN_MS = 5000;

function settingsOrExit(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`runwatch: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const settings = settingsOrExit();
  const server = await buildServer({ settings });
  const log = server.app.log;

  const bootstrap = await server.store.ensureAdminKey(settings.adminToken, systemClock.now());
  if (bootstrap.warning) log.warn(bootstrap.warning);
  const retention = scheduleRetention({
    store: server.store,
    clock: systemClock,
    days: settings.retentionDays,
    onRun: (run) => {
      if (run.jobs || run.deliveries) log.info(run, "retention purge");
    },
    onError: (error) => log.error({ err: error }, "retention purge failed"),
    mayRun: () => server.leases.held("retention"),
  });

  const { url } = await server.listen();
  log.info(`Runwatch is serving on ${url} (data in ${settings.dataDir})`);
  server.watchdog.start();
  server.stallWatch.start();
  const configured = Object.entries(settings.secrets).filter(([, value]) => value);
  if (configured.length === 0) {
    log.warn(
      "no webhook secret is set (RUNWATCH_GITHUB_SECRET, RUNWATCH_GITLAB_TOKEN, …): every webhook endpoint refuses deliveries",
    );
  } else {
    log.info(`webhook secrets set: ${configured.map(([name]) => name).join(", ")}`);
  }
  if (!settings.authRequired) {
    log.warn("RUNWATCH_AUTH=off: the dashboard and read API are open to anyone who can reach this server");
  }
  // Last of the start-up output, to the terminal only (never to the structured log).
  if (bootstrap.secret) process.stdout.write(keepFirstAdminKey(bootstrap.secret, settings.dataDir));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: shutting down`);
    // The drain cuts connections at the grace period; this bounds whatever might still hang after it.
    setTimeout(() => {
      console.error("runwatch: shutdown did not finish in time; exiting");
      process.exit(1);
    }, settings.shutdownGraceMs + SHUTDOWN_OVERRUN_MS).unref();
    // Draining starts at once; a purge already running finishes before the store closes.
    server.close({ backgroundWork: retention.stop() }).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("runwatch: failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
