/**
 * The real Runwatch server for the benchmark, API only (no dashboard), on
 * 127.0.0.1: in-process over the metrics benchmark's data folder with a fixed
 * clock at the generator's "now" so every window lines up with the data, or
 * (`startApiServer`) the body of `api-child.ts`, the live benchmark's child
 * process when there is no dashboard build for `server/main.ts` to serve.
 */
import { buildServer, type RunwatchServer } from "../../server/app";
import type { Clock } from "../../server/domain/clock";
import { loadSettings } from "../../server/settings";

/** The admin key the benchmark server starts with (RUNWATCH_ADMIN_TOKEN). */
export const BENCH_ADMIN_TOKEN = "rw_bench_admin_token_0123456789abcdefghij";

/** A listening server and its base URL. */
export interface BenchServer {
  server: RunwatchServer;
  url: string;
}

/**
 * Starts the API-only server from `env` (the variables `npm start` reads),
 * its admin key ensured and its watchdog running as `server/main.ts` does.
 */
export async function startApiServer(
  env: Record<string, string | undefined>,
  clock?: Clock,
): Promise<BenchServer> {
  const settings = loadSettings(env);
  const server = await buildServer({ settings, clock, dashboard: false });
  await server.store.ensureAdminKey(settings.adminToken, clock?.now() ?? Date.now());
  const { url } = await server.listen();
  return { server, url };
}

/** Starts the server over `dataDir` with its clock stopped at `now`. */
export async function startBenchServer(dataDir: string, now: number): Promise<BenchServer> {
  return startApiServer(
    {
      PORT: "0",
      HOST: "127.0.0.1",
      RUNWATCH_DATA_DIR: dataDir,
      RUNWATCH_LOG_LEVEL: "silent",
      RUNWATCH_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      // Hundreds of calls a minute from one key: the benchmark measures the API, not the limiter.
      RUNWATCH_RATE_LIMIT_API: "1000000",
      NODE_ENV: "production",
    },
    { now: () => now },
  );
}
