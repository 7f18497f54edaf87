/** `npm run demo --once` against the real server: every delivery it sends is accepted and becomes a job. */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GITHUB_SECRET, startTestServer, type TestServer } from "../../server/test/helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.resolve(import.meta.dirname, "../demo.ts");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("demo", { timeout: 120_000 }, () => {
  it("fills a real server with accepted, signed deliveries across repos and outcomes", async () => {
    const result = await runDemo(["--url", server.url, "--secret", GITHUB_SECRET, "--once", "--seed", "7"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const { items } = await server.store.listJobs({ sort: "created", limit: 200 });
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items.map((j) => j.repo)).size).toBeGreaterThan(1);
    expect(new Set(items.map((j) => j.status)).size).toBeGreaterThan(1);
    expect(items.every((j) => j.id.startsWith("github:") && j.runner.labels.length > 0)).toBe(true);
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
    expect(result.stdout + result.stderr).toMatch(/secret/i);
  });
});
