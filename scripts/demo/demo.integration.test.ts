/** `npm run demo` against the real server: every delivery it sends is accepted and becomes a job. */
import { spawn } from "node:child_process";
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

/** Runs the demo with only `env`'s secrets (none inherited from the shell running the tests). */
function runDemo(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.resolve(import.meta.dirname, "../demo.ts");
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(childEnv)) if (name.startsWith("RUNWATCH_")) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

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
    expect(items.every((j) => j.runner.labels.length > 0)).toBe(true);
  });

  it("simulates all five sources at once for a bounded time", async () => {
    const result = await runDemo(
      ["--url", server.url, "--duration", "8", "--speed", "40", "--rate", "240", "--seed", "11"],
      SECRETS,
    );
    expect(result.stderr).toBe("");
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    expect(result.stdout).not.toMatch(/skipping/);
    const items = await storedJobs();
    const sources = new Set(items.map((j) => j.source));
    expect([...sources].sort()).toEqual(["buildkite", "generic", "github", "gitlab", "jenkins"]);
    // Nothing is left running: the demo cancels what it started when it stops.
    expect(items.filter((j) => j.status === "running" || j.status === "queued")).toEqual([]);
    expect(result.stdout).toMatch(/summary: sent \d+ · accepted \d+ · duplicate \d+ · rejected 0/);
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
