/** `npm run demo` against the real server: every delivery it sends is accepted and becomes a job. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GITHUB_SECRET, startTestServer, type TestServer } from "../../server/test/helpers";

/** The secrets of every source, as both the server and the demo read them. */
const SECRETS = {
  RUNWATCH_GITHUB_SECRET: GITHUB_SECRET,
  RUNWATCH_GITLAB_TOKEN: "test-gitlab-token",
  RUNWATCH_BUILDKITE_TOKEN: "test-buildkite-token",
  RUNWATCH_JENKINS_TOKEN: "test-jenkins-token",
  RUNWATCH_GENERIC_SECRET: "test-generic-secret",
} as const;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { ...SECRETS } });
});
afterAll(() => server.close());

/** A running demo process, and its outcome once it exits. */
interface DemoProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the demo with only `env`'s secrets (none inherited from the shell running the tests). */
function startDemo(args: string[], env: Record<string, string> = {}): DemoProcess {
  const script = path.resolve(import.meta.dirname, "../demo.ts");
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(childEnv)) if (name.startsWith("RUNWATCH_")) delete childEnv[name];
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv,
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exited };
}

/** Runs the demo to its own end. */
const runDemo = (args: string[], env: Record<string, string> = {}) => startDemo(args, env).exited;

async function storedJobs() {
  const { items } = await server.store.listJobs({ sort: "created", limit: 1000 });
  return items;
}

describe("demo", { timeout: 120_000 }, () => {
  it("fills a real server with accepted, signed deliveries across repos and outcomes", async () => {
    const result = await runDemo(["--url", server.url, "--secret", GITHUB_SECRET, "--once", "--seed", "7"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/skipping GitLab CI \(set RUNWATCH_GITLAB_TOKEN\)/);
    const items = (await storedJobs()).filter((j) => j.source === "github");
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items.map((j) => j.repo)).size).toBeGreaterThan(1);
    expect(new Set(items.map((j) => j.status)).size).toBeGreaterThan(1);
    expect(items.filter((j) => j.runner.labels.length === 0)).toEqual([]);
  });

  it("simulates all five sources at once until stopped, then cancels what it started", async () => {
    const earlier = new Set((await storedJobs()).map((j) => j.id));
    const demo = startDemo(
      ["--url", server.url, "--speed", "40", "--rate", "240", "--seed", "11", "--no-backfill"],
      SECRETS,
    );
    try {
      // Stop on a condition, not after a wall-clock bound (which a loaded machine can miss):
      // once every source has delivered a job of this run, as the demo's Ctrl-C does.
      const sourcesSeen = async () =>
        [...new Set((await storedJobs()).filter((j) => !earlier.has(j.id)).map((j) => j.source))].sort();
      await expect
        .poll(sourcesSeen, {
          timeout: 90_000,
          interval: 250,
        })
        .toEqual(["buildkite", "generic", "github", "gitlab", "jenkins"]);
      demo.child.kill("SIGINT");
      const result = await demo.exited;
      expect(result.stderr).toBe("");
      expect(result.code, result.stdout.slice(-2000)).toBe(0);
      expect(result.stdout).not.toMatch(/skipping/);
      // Nothing is left running: the demo cancels what it started when it stops.
      const unfinished = await server.store.listJobs({
        status: ["queued", "waiting", "running"],
        sort: "created",
        limit: 100,
      });
      expect(unfinished.items).toEqual([]);
      expect(result.stdout).toMatch(/summary: sent \d+ · accepted \d+ · duplicate \d+ · rejected 0/);
    } finally {
      if (demo.child.exitCode === null) demo.child.kill("SIGKILL");
    }
  });

  it("stops by itself after --duration, leaving nothing running", async () => {
    // Only that it stops and tidies up: how much it sent in that time depends on the machine.
    const result = await runDemo(
      ["--url", server.url, "--duration", "1", "--seed", "12", "--no-backfill"],
      SECRETS,
    );
    expect(result.stderr).toBe("");
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    expect(result.stdout).toMatch(/· for 1 s/);
    const unfinished = await server.store.listJobs({
      status: ["queued", "waiting", "running"],
      sort: "created",
      limit: 100,
    });
    expect(unfinished.items).toEqual([]);
  });

  it("stops with a clear message when the secret does not match", async () => {
    const result = await runDemo([
      "--url",
      server.url,
      "--secret",
      "not-the-secret",
      "--once",
      "--seed",
      "7",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/RUNWATCH_GITHUB_SECRET/);
  });

  it("names every variable when no secret is set", async () => {
    const result = await runDemo(["--url", server.url, "--once"]);
    expect(result.code).toBe(2);
    for (const variable of Object.keys(SECRETS)) expect(result.stderr).toContain(variable);
  });
});
