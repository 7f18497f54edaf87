import { describe, expect, it } from "vitest";
import type { JobListResponse } from "@/lib/api";
import type { JobListParams } from "@/components/api/jobs-api";
import { matchesParams, patchInfinite, patchList } from "./job-list-patch";
import { makeJob } from "@/lib/test-jobs";

const active: JobListParams = { status: ["queued", "waiting", "running"], sort: "created", limit: 3 };
const finished: JobListParams = { status: ["success", "failure"], sort: "finished", limit: 2 };
const at = (minute: number) => `2025-01-01T12:${String(minute).padStart(2, "0")}:00Z`;

describe("matchesParams", () => {
  it("mirrors the server's filters", () => {
    const job = makeJob({
      repo: "acme/web",
      runner: { name: "rack-1", group: null, labels: ["x64", "gpu"] },
    });
    expect(matchesParams(job, { ...active, repo: "acme/web", label: "gpu", runner: "rack-1" })).toBe(true);
    expect(matchesParams(job, { ...active, repo: "acme/api" })).toBe(false);
    expect(matchesParams(job, { ...active, label: "arm64" })).toBe(false);
    expect(matchesParams(job, { ...active, q: "WEB" })).toBe(true);
    expect(matchesParams(job, { ...active, q: "nope" })).toBe(false);
    expect(matchesParams(job, finished)).toBe(false);
  });
});

describe("patchList", () => {
  const list = (...jobs: ReturnType<typeof makeJob>[]): JobListResponse => ({
    items: jobs,
    nextCursor: null,
  });

  it("inserts a new job where the sort puts it and trims to the limit", () => {
    const a = makeJob({ id: "github:a", queuedAt: at(3) });
    const b = makeJob({ id: "github:b", queuedAt: at(1) });
    const c = makeJob({ id: "github:c", queuedAt: at(2) });
    const patched = patchList(list(a, b), [c], active);
    expect(patched.items.map((j) => j.id)).toEqual(["github:a", "github:c", "github:b"]);
    const d = makeJob({ id: "github:d", queuedAt: at(4) });
    expect(patchList(patched, [d], active).items.map((j) => j.id)).toEqual([
      "github:d",
      "github:a",
      "github:c",
    ]);
  });

  it("replaces in place, and moves a finished job from the active list to the finished list", () => {
    const a = makeJob({ id: "github:a", queuedAt: at(1) });
    const running = { ...a, status: "running" as const, startedAt: at(2) };
    const activeList = patchList(list(a), [running], active);
    expect(activeList.items[0]).toBe(running);

    const done = { ...running, status: "success" as const, finishedAt: at(5) };
    expect(patchList(activeList, [done], active).items).toEqual([]);
    const older = makeJob({ id: "github:o", status: "failure", finishedAt: at(4) });
    expect(patchList(list(older), [done], finished).items.map((j) => j.id)).toEqual(["github:a", "github:o"]);
  });

  it("ignores a late active event for a finished job", () => {
    const done = makeJob({ id: "github:a", status: "success", finishedAt: at(5) });
    const late = { ...done, status: "running" as const, finishedAt: null };
    const current = list(done);
    expect(patchList(current, [late], finished)).toBe(current);
  });

  it("returns the same object when nothing changes", () => {
    const current = list(makeJob({ id: "github:a" }));
    expect(
      patchList(current, [makeJob({ id: "github:z", repo: "other/repo" })], { ...active, repo: "acme/api" }),
    ).toBe(current);
  });
});

describe("patchInfinite", () => {
  it("leaves a job that sorts past the loaded pages for pagination", () => {
    const a = makeJob({ id: "github:a", queuedAt: at(5) });
    const b = makeJob({ id: "github:b", queuedAt: at(4) });
    const data = { pages: [{ items: [a, b], nextCursor: "next" }], pageParams: [null] };
    const old = makeJob({ id: "github:old", queuedAt: at(1) });
    expect(patchInfinite(data, [old], { ...active, limit: 50 })).toBe(data);
    const fresh = makeJob({ id: "github:new", queuedAt: at(9) });
    expect(patchInfinite(data, [fresh], { ...active, limit: 50 }).pages[0]!.items[0]).toBe(fresh);
  });
});
