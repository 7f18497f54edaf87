import { describe, expect, it } from "vitest";
import type { InfiniteData } from "@tanstack/react-query";
import type { PipelineRun, RunDetail, RunListResponse } from "@/lib/run";
import { runFiltersFromSearchParams, type RunListParams } from "@/components/api/run-api";
import {
  countJobs,
  matchesRunParams,
  patchRunDetailJobs,
  patchRunDetailRun,
  patchRunInfinite,
  patchRunPages,
  setRunCounts,
} from "./run-list-patch";
import { makeJob } from "@/lib/test-jobs";

const at = (minute: number) => `2025-01-01T12:${String(minute).padStart(2, "0")}:00Z`;
const all: RunListParams = { status: [], limit: 25 };

function makeRun(overrides: Partial<PipelineRun> = {}): PipelineRun {
  return {
    id: "github:100",
    source: "github",
    repo: "acme/api",
    workflow: "CI",
    runId: "100",
    number: 7,
    attempt: 1,
    trigger: "push",
    branch: "main",
    sha: "0123456789abcdef",
    status: "running",
    queuedAt: at(0),
    startedAt: at(1),
    finishedAt: null,
    durationMs: null,
    url: null,
    reported: true,
    ...overrides,
  };
}

const page = (runs: PipelineRun[], nextCursor: string | null = null): RunListResponse => ({
  items: runs.map((run) => ({ ...run, jobs: { total: 2, success: 1, running: 1 } })),
  nextCursor,
});

describe("matchesRunParams", () => {
  it("mirrors the server's exact-match filters", () => {
    const run = makeRun({ source: "gitlab", branch: "dev" });
    expect(matchesRunParams(run, { ...all, source: "gitlab", branch: "dev", repo: "acme/api" })).toBe(true);
    expect(matchesRunParams(run, { ...all, source: "github" })).toBe(false);
    expect(matchesRunParams(run, { ...all, status: ["failure"] })).toBe(false);
    expect(matchesRunParams(run, { ...all, workflow: "Deploy" })).toBe(false);
  });
});

describe("patchRunPages", () => {
  it("puts a new run at the top with unknown counts, and reports it", () => {
    const old = makeRun({ id: "github:1", queuedAt: at(1) });
    const fresh = makeRun({ id: "github:2", queuedAt: at(5) });
    const { pages, inserted } = patchRunPages([page([old])], [fresh], all);
    expect(pages[0]!.items.map((r) => r.id)).toEqual(["github:2", "github:1"]);
    expect(pages[0]!.items[0]!.jobs).toEqual({ total: 0 });
    expect(inserted).toEqual(["github:2"]);
  });

  it("updates a run in place, keeping its job counts", () => {
    const run = makeRun();
    const before = [page([run])];
    const { pages, inserted } = patchRunPages(
      before,
      [{ ...run, status: "failure", finishedAt: at(9) }],
      all,
    );
    expect(pages[0]!.items[0]).toMatchObject({ status: "failure", jobs: { total: 2, success: 1 } });
    expect(inserted).toEqual([]);
    expect(before[0]!.items[0]!.status).toBe("running");
  });

  it("returns the same pages when nothing changed", () => {
    const run = makeRun();
    const before = [page([run])];
    expect(patchRunPages(before, [{ ...run }], all).pages).toBe(before);
  });

  it("removes a run that no longer matches the filters", () => {
    const run = makeRun();
    const { pages } = patchRunPages([page([run])], [{ ...run, status: "success" }], {
      ...all,
      status: ["running"],
    });
    expect(pages[0]!.items).toEqual([]);
  });

  it("never takes a finished run back to running, unless it is a new attempt", () => {
    const done = makeRun({ status: "success", finishedAt: at(9) });
    const before = [page([done])];
    expect(patchRunPages(before, [makeRun({ status: "running" })], all).pages).toBe(before);
    const rerun = patchRunPages(before, [makeRun({ status: "queued", attempt: 2 })], all).pages;
    expect(rerun[0]!.items[0]).toMatchObject({ status: "queued", attempt: 2 });
  });

  it("leaves a run older than the loaded rows to pagination", () => {
    const newest = makeRun({ id: "github:9", queuedAt: at(9) });
    const ancient = makeRun({ id: "github:1", queuedAt: at(0) });
    const before = [page([newest], "cursor")];
    const { pages, inserted } = patchRunPages(before, [ancient], all);
    expect(pages).toBe(before);
    expect(inserted).toEqual([]);
  });

  it("patches every page of an infinite list", () => {
    const data: InfiniteData<RunListResponse, string | null> = {
      pages: [page([makeRun({ id: "github:2", queuedAt: at(4) })], "c"), page([makeRun()])],
      pageParams: [null, "c"],
    };
    const { data: next } = patchRunInfinite(data, [makeRun({ status: "failure" })], all);
    expect(next.pages[1]!.items[0]!.status).toBe("failure");
    expect(next.pageParams).toBe(data.pageParams);
  });
});

describe("job counts", () => {
  it("counts jobs by status", () => {
    const jobs = [
      makeJob({ status: "success" }),
      makeJob({ status: "failure" }),
      makeJob({ status: "success" }),
    ];
    expect(countJobs(jobs)).toEqual({ total: 3, success: 2, failure: 1 });
    expect(countJobs([])).toEqual({ total: 0 });
  });

  it("sets a run's counts wherever it is listed", () => {
    const data: InfiniteData<RunListResponse, string | null> = {
      pages: [page([makeRun()])],
      pageParams: [null],
    };
    const next = setRunCounts(data, "github:100", { total: 3, success: 3 });
    expect(next.pages[0]!.items[0]!.jobs).toEqual({ total: 3, success: 3 });
    expect(setRunCounts(next, "github:100", { total: 3, success: 3 })).toBe(next);
    expect(setRunCounts(data, "github:404", { total: 1 })).toBe(data);
  });
});

describe("run detail", () => {
  const detail: RunDetail = {
    run: makeRun(),
    jobs: [makeJob({ id: "github:1", runId: "100", status: "running" })],
  };

  it("replaces the run's jobs by id, appends new ones and ignores other runs' jobs", () => {
    const next = patchRunDetailJobs(detail, [
      makeJob({ id: "github:1", runId: "100", status: "success" }),
      makeJob({ id: "github:2", runId: "100", status: "queued" }),
      makeJob({ id: "github:3", runId: "999", status: "queued" }),
    ]);
    expect(next.jobs.map((j) => [j.id, j.status])).toEqual([
      ["github:1", "success"],
      ["github:2", "queued"],
    ]);
    expect(patchRunDetailJobs(next, [makeJob({ id: "github:1", runId: "100", status: "running" })])).toBe(
      next,
    );
    expect(patchRunDetailJobs(detail, [makeJob({ id: "gitlab:1", source: "gitlab", runId: "100" })])).toBe(
      detail,
    );
  });

  it("takes a newer run but not a stale one", () => {
    const done = patchRunDetailRun(detail, makeRun({ status: "success" }));
    expect(done.run.status).toBe("success");
    expect(patchRunDetailRun(done, makeRun({ status: "running" }))).toBe(done);
  });
});

describe("runFiltersFromSearchParams", () => {
  it("reads known statuses and sources, ignoring the rest", () => {
    const filters = runFiltersFromSearchParams(
      new URLSearchParams("status=failure,bogus,running&source=gitlab&repo=%20acme/api%20&branch="),
    );
    expect(filters).toEqual({ status: ["running", "failure"], source: "gitlab", repo: "acme/api" });
    expect(runFiltersFromSearchParams(new URLSearchParams("source=svn"))).toEqual({ status: [] });
  });
});
