/**
 * A throwaway PostgreSQL cluster for a test run: `initdb` in a temporary
 * folder (as the `postgres` user when we run as root: PostgreSQL refuses to
 * run as root), a spare port on 127.0.0.1, its socket inside that folder,
 * durability off (a test cluster is never kept). `stop()` removes everything.
 */
import { SEARCH_PATH } from "./test-env";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const execFileAsync = promisify(execFile);

/** A running cluster. */
export interface PostgresCluster {
  /** The URL of database `name` in this cluster (user `postgres`, no password: trust on 127.0.0.1). */
  url(name: string): string;
  /** Stops the server and removes its folder. */
  stop(): void;
  /**
   * Stops the server (fast shutdown: sessions are ended), keeping its data; `resume()` starts it
   * again. Both run pg_ctl without blocking this process (a server under test keeps answering).
   */
  pause(): Promise<void>;
  /** Starts the paused server again on the same port. */
  resume(): Promise<void>;
}

/** The folder holding `initdb` and `pg_ctl`: the newest /usr/lib/postgresql/<v>/bin, else PATH; null when absent. */
export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return path.join(root, versions[0], "bin");
  for (const dir of SEARCH_PATH) {
    if (dir && fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

/** A port nothing listens on now (the kernel's choice, released at once). */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster with the binaries in `bin`. Throws with initdb's or pg_ctl's output when either fails. */
export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-pg-"));
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL will not run as root: hand the folder to `postgres` and run the tools as that user.
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    return execFileSync(command, argv, { cwd: dir, stdio: "pipe", encoding: "utf8" });
  };
  if (asRoot) execFileSync("chown", ["postgres:", dir]);
  const data = path.join(dir, "data");
  const port = await sparePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const startArgs = ["start", "-w", "-D", data, "-l", path.join(dir, "server.log"), "-o", options];
  const start = () => run("pg_ctl", startArgs);
  const runAsync = async (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    await execFileAsync(command, argv, { cwd: dir });
  };
  try {
    // C collation: text sorts by code point, as SQLite's BINARY collation does (same answers).
    run("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    start();
  } catch (error) {
    const log = path.join(dir, "server.log");
    const detail = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
    fs.rmSync(dir, { recursive: true, force: true });
    const output = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`test PostgreSQL did not start: ${String(error)}\n${output}\n${detail}`, {
      cause: error,
    });
  }
  return {
    url: (name) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    pause: () => runAsync("pg_ctl", ["stop", "-D", data, "-m", "fast", "-w"]),
    resume: () => runAsync("pg_ctl", startArgs),
    stop() {
      try {
        run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
