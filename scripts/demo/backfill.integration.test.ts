/**
 * `npm run demo`'s history against the real server: 30 days of jobs land in
 * the server's database, the 30-day chart has them day by day, and a second
 * run adds nothing.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, GITHUB_SECRET, startTestServer, type TestServer } from "../../server/test/helpers";

const SECRETS = {
  RUNWATCH_GITHUB_SECRET: GITHUB_SECRET,
  RUNWATCH_GENERIC_SECRET: "test-generic-secret",
} as const;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { ...SECRETS } });
});
afterAll(() => server.close());

/** Runs the demo to its end with only `env` (no RUNWATCH_* inherited). */
function runDemo(args: string[], env: Record<string, string>) {
  const script = path.resolve(import.meta.dirname, "../demo.ts");
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(childEnv)) if (name.startsWith("RUNWATCH_")) delete childEnv[name];
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv,
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Jobs that finished before `before`: the history (it ends in the past), not the live seconds. */
async function historyJobIds(before: number): Promise<string[]> {
  const { items } = await server.store.listJobs({ sort: "created", limit: 20_000 });
  return items
    .filter((j) => j.finishedAt !== null && Date.parse(j.finishedAt) < before)
    .map((j) => j.id)
    .sort();
}

/** Days of the 30-day throughput chart (1-day buckets) with at least one job. */
async function busyDays(): Promise<number> {
  const response = await fetch(
    `${server.url}/api/v1/metrics/timeseries?metric=throughput&window=30d&bucket=1d`,
    { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { series: { points: { count: number }[] }[] };
  return body.series[0]?.points.filter((p) => p.count > 0).length ?? 0;
}

const HISTORY_LINE =
  /history: ([\d,]+) jobs in ([\d,]+) deliveries \(store\) in [\d.]+ s(?:, ([\d,]+) already stored)?/;

describe("demo history", { timeout: 240_000 }, () => {
  it("backfills 30 days through the server's ingest before going live, and a second run adds nothing", async () => {
    const args = ["--url", server.url, "--duration", "1", "--rate", "1", "--seed", "5"];
    const env = { ...SECRETS, RUNWATCH_DATA_DIR: server.dataDir };
    const started = Date.now();
    const first = await runDemo(args, env);
    expect(first.stderr).toBe("");
    expect(first.code, first.stdout.slice(-2000)).toBe(0);
    expect(first.stdout).toContain("sending 30 days of history first");
    expect(first.stdout).toMatch(/history 100% · day 30 of 30 · [\d,]+ deliveries/);
    const firstLine = HISTORY_LINE.exec(first.stdout);
    expect(firstLine?.[3]).toBeUndefined();

    const jobs = await historyJobIds(started);
    expect(jobs.length).toBeGreaterThan(500);
    expect(jobs.length).toBe(Number(firstLine?.[1]?.replaceAll(",", "")));
    // Every weekday of the window has jobs (weekends are quiet, but not silent, in the rhythm).
    expect(await busyDays()).toBeGreaterThanOrEqual(25);

    const second = await runDemo(args, env);
    expect(second.code, second.stdout.slice(-2000)).toBe(0);
    const secondLine = HISTORY_LINE.exec(second.stdout);
    // The same deliveries again, every one recognised as already stored.
    expect(secondLine?.[2]).toBe(firstLine?.[2]);
    expect(secondLine?.[3]).toBe(firstLine?.[2]);
    expect(await historyJobIds(started)).toEqual(jobs);
  });

  it("skips the history, saying why, when the server does not use the demo's database", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-elsewhere-"));
    try {
      const result = await runDemo(
        [
          "--url",
          server.url,
          "--duration",
          "1",
          "--rate",
          "1",
          "--sources",
          "generic",
          "--backfill-days",
          "1",
        ],
        { RUNWATCH_GENERIC_SECRET: SECRETS.RUNWATCH_GENERIC_SECRET, RUNWATCH_DATA_DIR: elsewhere },
      );
      expect(result.code, result.stdout.slice(-2000)).toBe(0);
      expect(result.stdout).toContain(
        `history skipped: the server at ${server.url} does not use the database in ${elsewhere}`,
      );
      expect(fs.readdirSync(elsewhere)).toEqual([]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("goes live at once with --no-backfill", async () => {
    const result = await runDemo(
      ["--url", server.url, "--duration", "1", "--rate", "1", "--sources", "generic", "--no-backfill"],
      { RUNWATCH_GENERIC_SECRET: SECRETS.RUNWATCH_GENERIC_SECRET },
    );
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    expect(result.stdout).not.toContain("history");
  });
});
