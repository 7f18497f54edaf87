import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { aliasesOf, type ErasurePlan } from "../domain/pseudonymise";
import { ERASE_PAGE } from "./privacy-store";
import { openSqliteStore, SQLITE_FILE } from "./sqlite";
import type { Store } from "./store";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-02T10:00:00Z");
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-privacy-"));
  store = await openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function finished(id: number, repo: string, author: string): Job {
  const queued = T0 + (id % 3) * HOUR + id;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: `generic:${repo}:${id}`,
    source: "generic",
    repo,
    workflow: "ci",
    name: "test",
    runId: String(id),
    attempt: 1,
    branch: "main",
    sha: null,
    status: "success",
    queuedAt: iso(queued),
    startedAt: iso(queued + 1_000),
    finishedAt: iso(queued + 61_000),
    queueMs: 1_000,
    durationMs: 60_000,
    runner: { name: "rack-1", group: null, labels: ["x64"] },
    url: `https://ci.example/${repo}/${id}`,
    failure: null,
    steps: [],
    author,
  };
}

const plan = (person: string): ErasurePlan => ({
  ...aliasesOf(person),
  pseudonym: "erased-0123456789ab",
  emailPseudonym: "erased-0123456789ab@erased.invalid",
});

function count(sql: string): number {
  const db = new SqliteDatabase(path.join(dir, SQLITE_FILE), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function refresh() {
  while ((await store.refreshMetrics()) > 0);
}

describe("erasePerson", () => {
  const MONA = ERASE_PAGE * 2 + 3;

  beforeEach(async () => {
    const jobs = Array.from({ length: MONA }, (_, i) => finished(i, "mona/app", "mona"));
    await store.importJobs([...jobs, ...[1, 2, 3].map((i) => finished(i, "hubot/bot", "hubot"))]);
    await refresh();
  });

  it("rewrites every page of jobs, moves roll-ups to the pseudonym, leaves others alone", async () => {
    // One repo row per hour the jobs finished in.
    expect(count("SELECT count(*) AS n FROM metric_rollups WHERE value = 'mona/app'")).toBe(3);
    // The day's repo row and its repo+branch, repo+workflow pairs (values like ["mona/app","main"]).
    expect(count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%mona%'")).toBe(3);

    const dry = await store.erasePerson(plan("Mona"), { dryRun: true });
    expect(dry.jobs).toBe(MONA);
    expect(count("SELECT count(*) AS n FROM jobs WHERE author = 'mona'")).toBe(MONA);

    const touched = await store.erasePerson(plan("Mona"));
    expect(touched).toEqual(dry);
    expect(touched).toMatchObject({
      jobs: MONA,
      job_values: 1,
      metric_rollups: 3,
      metric_daily: 3,
    });
    expect(count("SELECT count(*) AS n FROM jobs WHERE data LIKE '%mona%' OR repo LIKE '%mona%'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM jobs WHERE author = 'erased-0123456789ab'")).toBe(MONA);
    expect(count("SELECT count(*) AS n FROM jobs WHERE repo = 'erased-0123456789ab/app'")).toBe(MONA);
    expect(count("SELECT count(*) AS n FROM jobs WHERE author = 'hubot' AND repo = 'hubot/bot'")).toBe(3);

    // The dropped roll-ups are rebuilt under the pseudonym, with every job counted.
    await refresh();
    expect(count("SELECT count(*) AS n FROM metric_rollups WHERE value LIKE '%mona%'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%mona%'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%erased-0123456789ab/app%'")).toBe(
      3,
    );
    expect(
      count(
        "SELECT sum(success) AS n FROM metric_rollups WHERE dim = 'repo' AND value = 'erased-0123456789ab/app'",
      ),
    ).toBe(MONA);
    expect(
      count("SELECT sum(success) AS n FROM metric_rollups WHERE dim = 'repo' AND value = 'hubot/bot'"),
    ).toBe(3);

    const again = await store.erasePerson(plan("mona"));
    expect(Object.values(again).reduce((sum, n) => sum + n, 0)).toBe(0);
  });

  it("erases nothing for a person nobody stored", async () => {
    const touched = await store.erasePerson(plan("nobody-here"));
    expect(Object.values(touched).reduce((sum, n) => sum + n, 0)).toBe(0);
    expect(count("SELECT count(*) AS n FROM jobs WHERE author = 'mona'")).toBe(MONA);
  });
});
