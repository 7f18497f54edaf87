import { describe, expect, it } from "vitest";
import type { JobStatus } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import { latestAttempts, mergeRun, runStatusFromJobs } from "./run-merge";

const run = (status: JobStatus, overrides: Partial<PipelineRun> = {}): PipelineRun => ({
  id: "github:1",
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  runId: "1",
  number: 3,
  attempt: 1,
  trigger: "push",
  branch: "main",
  sha: "abc",
  status,
  queuedAt: "2026-01-01T00:00:00Z",
  startedAt: status === "queued" ? null : "2026-01-01T00:00:10Z",
  finishedAt: ["success", "failure"].includes(status) ? "2026-01-01T00:05:10Z" : null,
  durationMs: null,
  url: null,
  reported: true,
  ...overrides,
});

describe("runStatusFromJobs", () => {
  it.each<[JobStatus[], JobStatus]>([
    [[], "queued"],
    [["queued", "success"], "queued"],
    [["waiting", "queued"], "waiting"],
    [["running", "failure", "queued"], "running"],
    [["success", "skipped"], "success"],
    [["success", "cancelled"], "cancelled"],
    [["cancelled", "timed_out"], "failure"],
    [["success", "failure"], "failure"],
    [["skipped", "skipped"], "skipped"],
  ])("%j → %s", (statuses, expected) => {
    expect(runStatusFromJobs(statuses)).toBe(expected);
  });
});

describe("mergeRun", () => {
  it("gives the same run whichever report arrives first", () => {
    const queued = run("queued", { trigger: null });
    const running = run("running", { number: null });
    const done = run("success", { url: "https://x/runs/1" });
    const orders = [
      [queued, running, done],
      [done, running, queued],
      [running, done, queued],
    ];
    const results = orders.map((order) => order.reduce<PipelineRun | null>(mergeRun, null));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toMatchObject({ status: "success", number: 3, trigger: "push", durationMs: 300_000 });
  });

  it("lets a later attempt supersede an earlier one, in either order", () => {
    const first = run("failure");
    const retry = run("running", { attempt: 2, startedAt: "2026-01-01T01:00:00Z" });
    expect(mergeRun(first, retry)).toMatchObject({ attempt: 2, status: "running", durationMs: null });
    expect(mergeRun(retry, first)).toEqual(mergeRun(first, retry));
  });

  it("replaces a run derived from jobs with the vendor's report", () => {
    const derived = run("failure", { reported: false, trigger: null, number: null });
    expect(mergeRun(derived, run("success"))).toMatchObject({ status: "success", reported: true, number: 3 });
  });
});

describe("latestAttempts", () => {
  it("keeps only each job's latest attempt, so a re-run that passed leaves the run green", () => {
    const fact = (name: string, attempt: number, status: JobStatus) => ({
      name,
      attempt,
      status,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
    });
    const jobs = [fact("test", 1, "failure"), fact("lint", 1, "success"), fact("test", 2, "success")];
    expect(latestAttempts(jobs).map((j) => `${j.name}#${j.attempt}`)).toEqual(["lint#1", "test#2"]);
    expect(runStatusFromJobs(latestAttempts(jobs).map((j) => j.status))).toBe("success");
  });
});
