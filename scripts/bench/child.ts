/**
 * The servers the live benchmark measures, each a child process on
 * 127.0.0.1 and a spare port: Runwatch started the way `npm start` starts it
 * (`node --import tsx server/main.ts`, NODE_ENV=production) over a temporary
 * data folder — or, without a dashboard build, `api-child.ts` (the same
 * server less the dashboard) — and the bare `node:http` baselines. Its memory
 * is read from /proc/<pid>/status.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { BENCH_GITHUB_SECRET } from "./deliveries";
import { BENCH_ADMIN_TOKEN } from "./server";
import type { BaselineMode } from "./baseline-server";

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A running child server. */
export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Resident memory now (VmRSS), MB; null when unreadable (not Linux, or exited). */
  rssMb(): number | null;
  /** The last lines it printed (for errors). */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in MB, from /proc; null when it cannot be read. */
export function rssOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error("exited before it was ready");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}

/** Spawns `node <args>` with `env`, and resolves once `readyPath` answers 2xx. */
async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    name,
    url,
    pid: child.pid ?? 0,
    rssMb: () => (child.exitCode === null ? rssOf(child.pid ?? 0) : null),
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(`${url}${readyPath}`, child, 120_000);
  } catch (error) {
    await server.stop();
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${name} did not start (${why}):\n${tail}`);
  }
  return server;
}

/** How the Runwatch child runs: the `npm start` way (with the dashboard), or API only. */
export type RunwatchKind = "npm start (server/main.ts)" | "API only (scripts/bench/api-child.ts)";

/**
 * Starts Runwatch over `dataDir`: `server/main.ts` when `dashboard`, else
 * `api-child.ts`. The webhook and API rate limits are lifted (one client
 * sends thousands a second) and the GitHub secret and admin key set. `env`
 * adds settings (e.g. DATABASE_URL and REDIS_URL for a node on shared engines).
 */
export function startRunwatch(
  dataDir: string,
  dashboard: boolean,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const entry = dashboard ? "server/main.ts" : "scripts/bench/api-child.ts";
  return startChild(
    dashboard ? "Runwatch (npm start)" : "Runwatch (API only)",
    ["--import", "tsx", path.join(ROOT, entry)],
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      RUNWATCH_DATA_DIR: dataDir,
      RUNWATCH_GITHUB_SECRET: BENCH_GITHUB_SECRET,
      RUNWATCH_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      RUNWATCH_LOG_LEVEL: "warn",
      RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
      RUNWATCH_RATE_LIMIT_API: "1000000",
      ...env,
    },
    "/readyz",
  );
}

/** Starts a baseline server (`baseline-server.ts`) in `mode`. */
export function startBaseline(mode: BaselineMode): Promise<ChildServer> {
  return startChild(
    `baseline ${mode}`,
    ["--import", "tsx", path.join(ROOT, "scripts/bench/baseline-server.ts"), mode],
    { NODE_ENV: "production" },
    "/healthz",
  );
}
