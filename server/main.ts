/**
 * Entry point: `npm start` (production) and `npm run dev`. Validates settings,
 * builds the server, listens, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { buildServer } from "./app";
import { loadSettings, SettingsError } from "./settings";

async function main(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`runwatch: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = await buildServer({ settings });
  const { url } = await server.listen();
  server.app.log.info(`Runwatch is serving on ${url} (data in ${settings.dataDir})`);
  if (!settings.secrets.github) {
    server.app.log.warn("RUNWATCH_GITHUB_SECRET is unset: the GitHub webhook endpoint refuses deliveries");
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info(`${signal}: shutting down`);
    server.close().then(
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
  console.error("runwatch: failed to start:", error);
  process.exit(1);
});
