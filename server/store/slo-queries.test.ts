/**
 * The SLO event counts in SQL, on both engines: success_rate events from
 * default-branch runs per repository and window, and the finished runs the
 * time_to_green scan reads.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Database } from "./schema";
import { countRunEvents, verdictRuns } from "./slo-queries";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;
const WINDOWS = {
  budget: 28 * 24 * 60 * MIN,
  "1h": 60 * MIN,
  "5m": 5 * MIN,
  "6h": 360 * MIN,
  "30m": 30 * MIN,
};

describeEachEngine("SLO run events", (engine) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  beforeEach(async () => {
    database = await engine.create();
    db = await database.kysely();
    const run = (id: string, repo: string, branch: string, status: string, minutesAgo: number) => ({
      id,
      source: "github",
      repo,
      workflow: "ci",
      branch,
      status,
      reported: 1,
      created_at: NOW - minutesAgo * MIN - 5 * MIN,
      updated_at: NOW - minutesAgo * MIN,
      replay_gen: null,
      data: "{}",
    });
    await db
      .insertInto("runs")
      .values([
        run("github:1", "acme/api", "main", "success", 2),
        run("github:2", "acme/api", "main", "failure", 20),
        run("github:3", "acme/api", "main", "timed_out", 120),
        run("github:4", "acme/web", "master", "success", 3),
        run("github:5", "acme/web", "feature", "failure", 1), // not a default branch
        run("github:6", "acme/web", "main", "cancelled", 1), // no verdict on the code
        run("github:7", "acme/web", "main", "failure", 29 * 24 * 60), // older than 28 days
      ])
      .execute();
  });
  afterEach(async () => {
    await db.destroy();
    await database.remove();
  });

  it("counts finished default-branch runs per repository and window", async () => {
    const counts = await countRunEvents(db, ["main", "master"], NOW, WINDOWS);
    expect(Object.fromEntries(counts)).toEqual({
      "acme/api": {
        budget: { good: 1, bad: 2 },
        "1h": { good: 1, bad: 1 },
        "5m": { good: 1, bad: 0 },
        "6h": { good: 1, bad: 2 },
        "30m": { good: 1, bad: 1 },
      },
      "acme/web": {
        budget: { good: 1, bad: 0 },
        "1h": { good: 1, bad: 0 },
        "5m": { good: 1, bad: 0 },
        "6h": { good: 1, bad: 0 },
        "30m": { good: 1, bad: 0 },
      },
    });
  });

  it("lists finished runs oldest first, or the failed ones newest first", async () => {
    const from = NOW - WINDOWS.budget;
    expect((await verdictRuns(db, ["main", "master"], from, NOW, 10)).map((r) => r.id)).toEqual([
      "github:3",
      "github:2",
      "github:4",
      "github:1",
    ]);
    const failed = await verdictRuns(db, ["main", "master"], from, NOW, 10, true);
    expect(failed).toEqual([
      { id: "github:2", repo: "acme/api", workflow: "ci", status: "failure", at: NOW - 20 * MIN },
      { id: "github:3", repo: "acme/api", workflow: "ci", status: "timed_out", at: NOW - 120 * MIN },
    ]);
  });
});
