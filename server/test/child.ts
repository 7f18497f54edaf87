/**
 * Starting the real server as a child process (see `child-server.ts`), for
 * tests that must kill it mid-write and open the same data folder again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ADMIN_TOKEN, GITHUB_SECRET } from "./helpers";

/** A server running in its own process. */
export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** What it printed to stdout so far (its first 10 kB or so): the listen line and its log lines. */
  output(): string;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. Resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Spawns `child-server.ts` (from `root`, default this repository) over
 * `dataDir`; resolves once it listens. `env` adds to or overrides the defaults
 * (GitHub secret and admin token as the in-process test servers use).
 */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  root = path.resolve(import.meta.dirname, "../.."),
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", path.join(root, "server/test/child-server.ts")],
    {
      cwd: root,
      env: {
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        RUNWATCH_DATA_DIR: dataDir,
        RUNWATCH_GITHUB_SECRET: GITHUB_SECRET,
        RUNWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
        RUNWATCH_LOG_LEVEL: "error",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    // Keeps reading after the first line too: a full pipe would stall the server's logging.
    child.stdout?.on("data", (chunk: Buffer) => {
      if (out.length > 10_000) return;
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.startsWith('{"url"'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  return {
    child,
    url,
    output: () => out,
    async kill() {
      child.kill("SIGKILL");
      await gone;
    },
    async stop() {
      child.kill("SIGTERM");
      await gone;
    },
  };
}
