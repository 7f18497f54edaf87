import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { aliasesOf, type ErasurePlan } from "../domain/pseudonymise";
import { ERASE_PAGE } from "./privacy-store";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Database } from "./schema";
import type { Store } from "./store";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-02T10:00:00Z");
let database: TestDatabase;
let store: Store;
let raw: Kysely<Database>;

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

/** The number a one-row `SELECT … AS n` answers, read behind the store's back. */
async function count(query: string): Promise<number> {
  const { rows } = await sql<{ n: number | string | null }>`${sql.raw(query)}`.execute(raw);
  return Number(rows[0]?.n ?? 0);
}

async function refresh() {
  while ((await store.refreshMetrics()) > 0);
}

describeEachEngine("erasePerson", (engine) => {
  const MONA = ERASE_PAGE * 2 + 3;

  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    raw = await database.kysely();
  });
  afterEach(async () => {
    await raw.destroy();
    await store.close();
    await database.remove();
  });

  beforeEach(async () => {
    const jobs = Array.from({ length: MONA }, (_, i) => finished(i, "mona/app", "mona"));
    await store.importJobs([...jobs, ...[1, 2, 3].map((i) => finished(i, "hubot/bot", "hubot"))]);
    await refresh();
  });

  it("rewrites every page of jobs, moves roll-ups to the pseudonym, leaves others alone", async () => {
    // One repo row per hour the jobs finished in.
    expect(await count("SELECT count(*) AS n FROM metric_rollups WHERE value = 'mona/app'")).toBe(3);
    // The day's repo row and its repo+branch, repo+workflow pairs (values like ["mona/app","main"]).
    expect(await count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%mona%'")).toBe(3);

    const dry = await store.erasePerson(plan("Mona"), { dryRun: true });
    expect(dry.jobs).toBe(MONA);
    expect(await count("SELECT count(*) AS n FROM jobs WHERE author = 'mona'")).toBe(MONA);

    const touched = await store.erasePerson(plan("Mona"));
    expect(touched).toEqual(dry);
    expect(touched).toMatchObject({
      jobs: MONA,
      job_values: 1,
      metric_rollups: 3,
      metric_daily: 3,
    });
    expect(await count("SELECT count(*) AS n FROM jobs WHERE data LIKE '%mona%' OR repo LIKE '%mona%'")).toBe(
      0,
    );
    expect(await count("SELECT count(*) AS n FROM jobs WHERE author = 'erased-0123456789ab'")).toBe(MONA);
    expect(await count("SELECT count(*) AS n FROM jobs WHERE repo = 'erased-0123456789ab/app'")).toBe(MONA);
    expect(await count("SELECT count(*) AS n FROM jobs WHERE author = 'hubot' AND repo = 'hubot/bot'")).toBe(
      3,
    );

    // The dropped roll-ups are rebuilt under the pseudonym, with every job counted.
    await refresh();
    expect(await count("SELECT count(*) AS n FROM metric_rollups WHERE value LIKE '%mona%'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%mona%'")).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM metric_daily WHERE value LIKE '%erased-0123456789ab/app%'"),
    ).toBe(3);
    expect(
      await count(
        "SELECT sum(success) AS n FROM metric_rollups WHERE dim = 'repo' AND value = 'erased-0123456789ab/app'",
      ),
    ).toBe(MONA);
    expect(
      await count("SELECT sum(success) AS n FROM metric_rollups WHERE dim = 'repo' AND value = 'hubot/bot'"),
    ).toBe(3);

    const again = await store.erasePerson(plan("mona"));
    expect(Object.values(again).reduce((sum, n) => sum + n, 0)).toBe(0);
  });

  it("erases nothing for a person nobody stored", async () => {
    const touched = await store.erasePerson(plan("nobody-here"));
    expect(Object.values(touched).reduce((sum, n) => sum + n, 0)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM jobs WHERE author = 'mona'")).toBe(MONA);
  });
});
