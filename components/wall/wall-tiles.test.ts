import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/job";
import { makeJob } from "@/lib/test-jobs";
import { buildTiles, gridShape, parseWallBy, rowsNeeded, tileKeyOf, tileSpan } from "./wall-tiles";

let next = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

/** A finished job of `repo` at `minute`. */
function done(repo: string, status: Job["status"], minute: number, overrides: Partial<Job> = {}): Job {
  return makeJob({
    id: `github:${++next}`,
    repo,
    status,
    startedAt: at(minute - 1),
    finishedAt: at(minute),
    ...overrides,
  });
}
function running(repo: string, minute: number, overrides: Partial<Job> = {}): Job {
  return makeJob({ id: `github:${++next}`, repo, status: "running", startedAt: at(minute), ...overrides });
}

const summary = (tiles: ReturnType<typeof buildTiles>) =>
  tiles.map((t) => [t.key, t.tone, t.failing, t.running, t.queued]);

describe("buildTiles", () => {
  it("orders broken first, then building, passing and undecided", () => {
    const tiles = buildTiles(
      [running("acme/web", 9), makeJob({ id: "github:q", repo: "acme/idle", status: "queued" })],
      [
        done("acme/api", "success", 1),
        done("acme/web", "success", 2),
        done("acme/ops", "failure", 3, { name: "deploy" }),
        done("acme/docs", "cancelled", 4),
      ],
      "repo",
    );
    expect(summary(tiles)).toEqual([
      ["acme/ops", "failing", ["deploy"], 0, 0],
      ["acme/web", "running", [], 1, 0],
      ["acme/api", "passing", [], 0, 0],
      // Neutral tiles by newest activity: the cancellation at minute 4, then the queued job (no time).
      ["acme/docs", "neutral", [], 0, 0],
      ["acme/idle", "neutral", [], 0, 1],
    ]);
  });

  it("a later success of the same job on the same branch mends it; another branch's does not", () => {
    const failed = done("acme/api", "failure", 1, { name: "test", branch: "main" });
    const fixed = done("acme/api", "success", 2, { name: "test", branch: "main" });
    const elsewhere = done("acme/api", "success", 3, { name: "test", branch: "feature" });
    expect(buildTiles([], [fixed, failed], "repo")[0]!.tone).toBe("passing");
    expect(summary(buildTiles([], [failed, elsewhere], "repo"))).toEqual([
      ["acme/api", "failing", ["test"], 0, 0],
    ]);
  });

  it("a cancelled run neither breaks nor mends", () => {
    const failed = done("acme/api", "failure", 1);
    const cancelled = done("acme/api", "cancelled", 2);
    expect(buildTiles([], [failed, cancelled], "repo")[0]!.tone).toBe("failing");
    expect(
      buildTiles([], [done("acme/api", "success", 1), done("acme/api", "cancelled", 2)], "repo")[0]!.tone,
    ).toBe("passing");
  });

  it("a failing tile stays red while something builds, and lists timed-out jobs too", () => {
    const tiles = buildTiles(
      [running("acme/api", 5)],
      [done("acme/api", "timed_out", 3, { name: "e2e" }), done("acme/api", "failure", 4, { name: "lint" })],
      "repo",
    );
    expect(summary(tiles)).toEqual([["acme/api", "failing", ["lint", "e2e"], 1, 0]]);
    expect(tiles[0]!.brokenBy).toBeNull();
    const authored = done("acme/api", "failure", 6, { name: "lint", author: "dana" });
    expect(
      buildTiles([], [authored, done("acme/api", "failure", 5, { author: "sam" })], "repo")[0]!.brokenBy,
    ).toBe("dana");
  });

  it("puts the tile with more broken jobs first, then the newest failure", () => {
    const tiles = buildTiles(
      [],
      [
        done("a/one", "failure", 9, { name: "x" }),
        done("b/two", "failure", 1, { name: "x" }),
        done("b/two", "failure", 2, { name: "y" }),
        done("c/three", "failure", 5, { name: "x" }),
      ],
      "repo",
    );
    expect(tiles.map((t) => t.key)).toEqual(["b/two", "a/one", "c/three"]);
  });

  it("groups by pool: labels sorted and joined, else the runner group", () => {
    const gpu = { name: "r1", group: null, labels: ["x64", "gpu"] };
    const grouped = { name: "r2", group: "mac-fleet", labels: [] };
    const tiles = buildTiles(
      [running("acme/api", 1, { runner: gpu })],
      [done("acme/web", "failure", 2, { runner: grouped })],
      "pool",
    );
    expect(summary(tiles)).toEqual([
      ["mac-fleet", "failing", ["test"], 0, 0],
      ["gpu, x64", "running", [], 1, 0],
    ]);
    expect(tileKeyOf(makeJob({ runner: gpu }), "repo")).toBe("acme/api");
  });

  it("by pool, the same job name in two repositories is two jobs: one's success does not mend the other", () => {
    const tiles = buildTiles(
      [],
      [done("acme/api", "failure", 1, { name: "lint" }), done("acme/web", "success", 2, { name: "lint" })],
      "pool",
    );
    expect(summary(tiles)).toEqual([["ubuntu-latest", "failing", ["lint"], 0, 0]]);
  });

  it("keeps the newest finished job of each tile", () => {
    const newest = done("acme/api", "cancelled", 7);
    expect(buildTiles([], [done("acme/api", "success", 3), newest], "repo")[0]!.last).toBe(newest);
  });
});

describe("wall layout", () => {
  it("parses by, defaulting to repositories", () => {
    expect([parseWallBy("pool"), parseWallBy("repo"), parseWallBy(null), parseWallBy("team")]).toEqual([
      "pool",
      "repo",
      "repo",
      "repo",
    ]);
  });

  it("spans failing tiles 2×2", () => {
    expect([tileSpan({ tone: "failing" }), tileSpan({ tone: "running" })]).toEqual([2, 1]);
  });

  it("counts rows as dense packing places big tiles first", () => {
    // 3 columns: each big tile takes 2 rows with a 1×2 gap beside it; 2 bigs → 4 rows, 4 gap cells.
    expect(rowsNeeded(3, 2, 4)).toBe(4);
    expect(rowsNeeded(3, 2, 5)).toBe(5);
    expect(rowsNeeded(4, 2, 0)).toBe(2);
    expect(rowsNeeded(4, 0, 9)).toBe(3);
  });

  it("fills a 16:9 screen: one tile fills it, twelve make a 4×3 grid, a broken one needs 2 columns", () => {
    expect(gridShape([1], 1920, 1080)).toEqual({ cols: 1, rows: 1 });
    expect(gridShape(Array<1>(12).fill(1), 1920, 1080)).toEqual({ cols: 4, rows: 3 });
    expect(gridShape([2], 1920, 1080)).toEqual({ cols: 2, rows: 2 });
    // 3×3 (cells 360 px high) beats 4×2 (cells 300 px wide over 1.6).
    expect(gridShape([2, 1, 1, 1, 1], 1920, 1080)).toEqual({ cols: 3, rows: 3 });
  });

  it("goes tall on a portrait screen and answers 1×1 with nothing to show", () => {
    expect(gridShape(Array<1>(6).fill(1), 1080, 1920)).toEqual({ cols: 2, rows: 3 });
    expect(gridShape([], 1920, 1080)).toEqual({ cols: 1, rows: 1 });
  });
});
