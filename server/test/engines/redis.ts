/**
 * A throwaway Redis for integration tests: `redis-server` on a spare port,
 * bound to 127.0.0.1, with no persistence (nothing written to disk), stopped
 * by the test. Nothing is mocked: the server is the one operators run.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

/** A running test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>`, what `REDIS_URL` is set to. */
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (a restart loses what it held, as with `--save ''`). */
  restart(): Promise<void>;
}

/** Why Redis tests cannot run here, or null when `redis-server` is available. */
export function redisUnavailable(): string | null {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    return "redis-server is not installed (Debian: apt-get install redis-server); the Redis tests need it";
  }
  return null;
}

/**
 * Whether to skip the Redis tests, printing why. With `ci` (the test file
 * passes `UNDER_CI` from `test-env.ts`) a missing `redis-server` is a failure
 * instead: CI must run every engine.
 */
export function skipWithoutRedis(ci: boolean): boolean {
  const reason = redisUnavailable();
  if (reason === null) return false;
  if (ci) throw new Error(`CI=true: ${reason}`);
  console.warn(`skipping the Redis tests: ${reason}`);
  return true;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for redis-server to take). */
export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `redis-server` on a spare port; resolves once it accepts connections. */
export async function startRedis(): Promise<TestRedis> {
  const port = await sparePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt(child);
    },
    async restart() {
      await halt(child);
      child = await launch(port);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--loglevel",
      "warning",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    if (output.length < 10_000) output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not listen on ${port} within 10 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await gone;
  clearTimeout(timer);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
