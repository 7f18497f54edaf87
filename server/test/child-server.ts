/**
 * The real server in a process of its own, for tests that kill it (SIGKILL)
 * and for load scripts: settings from the environment exactly as `main.ts`
 * reads them, no dashboard. Prints one JSON line `{"url":…}` once listening;
 * SIGTERM closes it cleanly.
 */
import { buildServer } from "../app";
import { loadSettings } from "../settings";

const settings = loadSettings();
const server = await buildServer({ settings, dashboard: false });
await server.store.ensureAdminKey(settings.adminToken, Date.now());
const { url } = await server.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
