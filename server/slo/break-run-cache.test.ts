/**
 * time_to_green's run cache on both engines: every answer equals a full read
 * of the same window (`verdictRuns`), while only the first read and one an
 * hour later read everything; the others read what changed since.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Database } from "../store/schema";
import { verdictRuns } from "../store/slo-queries";
import { createSloStore } from "../store/slo-store";
import { createBreakRunCache, FULL_READ_MS } from "./break-run-cache";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;
const SPAN = 28 * 24 * 60 * MIN;
const BRANCHES = ["main"];

describeEachEngine("time_to_green's run cache", (engine) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  const row = (id: string, status: string, at: number, branch = "main") => ({
    id,
    source: "github",
    repo: "acme/api",
    workflow: "ci",
    branch,
    status,
    reported: 1,
    created_at: at - 5 * MIN,
    updated_at: at,
    replay_gen: null,
    data: "{}",
  });
  const put = (id: string, status: string, at: number, branch = "main") =>
    db
      .insertInto("runs")
      .values(row(id, status, at, branch))
      .onConflict((c) => c.column("id").doUpdateSet({ status, updated_at: at }))
      .execute();
  beforeEach(async () => {
    database = await engine.create();
    db = await database.kysely();
    await db
      .insertInto("runs")
      .values([
        row("github:1", "success", NOW - SPAN + MIN), // leaves the window first
        row("github:2", "failure", NOW - 60 * MIN),
        row("github:3", "success", NOW - 30 * MIN),
        row("github:4", "failure", NOW - 20 * MIN, "feature"), // not a default branch
        row("github:5", "in_progress", NOW - 10 * MIN), // no verdict yet
      ])
      .execute();
  });
  afterEach(async () => {
    await db.destroy();
    await database.remove();
  });

  it("answers as a full read would, topping up between full reads", async () => {
    const cache = createBreakRunCache(createSloStore(db));
    const read = (now: number) => cache.read("k", BRANCHES, now - SPAN, now, 1000);
    const ids = (runs: { id: string; status: string }[]) => runs.map((r) => `${r.id} ${r.status}`);
    const same = async (now: number) => {
      const expected = ids(await verdictRuns(db, BRANCHES, now - SPAN, now, 1000));
      expect(ids(await read(now))).toEqual(expected);
      return expected;
    };

    expect(await same(NOW)).toEqual(["github:1 success", "github:2 failure", "github:3 success"]);
    expect(cache.reads).toEqual({ full: 1, topUp: 0 });

    // A minute on: a new run finishes, the failed one is fixed by a re-run (a newer change), a
    // change stored late, dated 5 minutes back (inside the overlap), arrives, and the oldest run
    // leaves the 28-day window.
    const t1 = NOW + MIN;
    await put("github:6", "success", t1);
    await put("github:2", "success", t1 - 30_000);
    await put("github:5", "failure", NOW - 5 * MIN);
    expect(await same(t1)).toEqual([
      "github:3 success",
      "github:5 failure",
      "github:2 success",
      "github:6 success",
    ]);
    // Another minute, nothing new: the same.
    expect(await same(t1 + MIN)).toEqual([
      "github:3 success",
      "github:5 failure",
      "github:2 success",
      "github:6 success",
    ]);
    expect(cache.reads).toEqual({ full: 1, topUp: 2 });

    // An hour after the first read: a full one again.
    await same(NOW + FULL_READ_MS);
    expect(cache.reads).toEqual({ full: 2, topUp: 2 });
  });
});
