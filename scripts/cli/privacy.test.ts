/** `runwatch privacy erase` in-process, on a real SQLite folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { manualClock } from "../../server/domain/clock";
import { PRIVACY_KEY_FILE } from "../../server/privacy/erasure";
import { openSqliteStore } from "../../server/store/sqlite";
import { runCli } from "./main";

let dataDir: string;
const clock = manualClock(Date.parse("2026-02-03T04:05:06Z"));

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-cli-privacy-"));
  const store = await openSqliteStore(dataDir);
  const job: Job = {
    id: "generic:1",
    source: "generic",
    repo: "acme/api",
    workflow: "ci",
    name: "test",
    runId: "1",
    attempt: 1,
    branch: "main",
    sha: null,
    status: "success",
    queuedAt: "2026-02-03T04:00:00.000Z",
    startedAt: "2026-02-03T04:00:01.000Z",
    finishedAt: "2026-02-03T04:01:01.000Z",
    queueMs: 1_000,
    durationMs: 60_000,
    runner: { name: "rack-1", group: null, labels: [] },
    url: null,
    failure: null,
    steps: [],
    author: "grace.hopper",
  };
  await store.importJobs([job]);
  await store.close();
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env: { RUNWATCH_DATA_DIR: dataDir },
    clock,
    out: async (chunk) => {
      stdout += chunk;
    },
    err: async (chunk) => {
      stderr += chunk;
    },
  });
  return { code, stdout, stderr };
}

describe("runwatch privacy erase", () => {
  it("refuses a missing or short person and an unknown subcommand", async () => {
    expect((await cli(["privacy", "erase"])).code).toBe(2);
    expect((await cli(["privacy", "erase", "--person", "ab"])).stderr).toContain("--person must be");
    expect((await cli(["privacy", "forget", "--person", "grace.hopper"])).code).toBe(2);
  });

  it("counts with --dry-run, then erases with the same pseudonym, audited by the cli without the person", async () => {
    const dry = await cli(["privacy", "erase", "--person", "grace.hopper", "--dry-run"]);
    expect(dry.code).toBe(0);
    const pseudonym = /erased-[0-9a-f]{12}/.exec(dry.stdout)?.[0];
    expect(dry.stdout).toBe(`Would rewrite 1 row as ${pseudonym} (1 alias found).\n  jobs: 1\n`);

    const run = await cli(["privacy", "erase", "--person", "grace.hopper", "--json"]);
    const result = JSON.parse(run.stdout) as { touched: Record<string, number>; pseudonym: string };
    expect(result.touched.jobs).toBe(1);
    expect(result.pseudonym).toBe(pseudonym);
    expect(fs.statSync(path.join(dataDir, PRIVACY_KEY_FILE)).mode & 0o777).toBe(0o600);

    const store = await openSqliteStore(dataDir);
    const job = await store.getJob("generic:1");
    const { items } = await store.listAudit({ limit: 10 });
    await store.close();
    expect(job?.author).toBe(result.pseudonym);
    expect(items.map((entry) => [entry.actor, entry.action])).toEqual([["cli", "privacy.erased"]]);
    expect(JSON.stringify(items)).not.toContain("grace");
  });
});
