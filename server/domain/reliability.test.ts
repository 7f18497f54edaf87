import { describe, expect, it } from "vitest";
import { findFlakyJobs, meanTimeToRecovery, type FinishedJob } from "./reliability";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
const job = (
  status: FinishedJob["status"],
  minute: number,
  overrides: Partial<FinishedJob> = {},
): FinishedJob => ({
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  sha: "aaa",
  branch: "main",
  attempt: 1,
  status,
  finishedAt: at(minute),
  ...overrides,
});

describe("findFlakyJobs", () => {
  it("flags a job that failed and then passed on the same commit, re-runs included", () => {
    const flaky = findFlakyJobs([
      job("failure", 1),
      job("success", 5, { attempt: 2 }),
      job("failure", 10, { sha: "bbb" }),
      job("timed_out", 12, { sha: "bbb", attempt: 2 }),
      job("success", 20, { sha: "bbb", attempt: 3 }),
      // Failed and never passed: broken, not flaky.
      job("failure", 30, { sha: "ccc" }),
      // Passed, then failed: not flaky by this rule (a later break, not a flake).
      job("success", 40, { sha: "ddd" }),
      job("failure", 41, { sha: "ddd", attempt: 2 }),
      // Another job name that never flaked.
      job("success", 50, { name: "lint" }),
    ]);
    expect(flaky).toEqual([
      { repo: "acme/api", workflow: "ci", name: "test", commits: 2, flakyFailures: 3, lastSeenAt: at(20) },
    ]);
  });

  it("ignores cancellations: cancel-then-pass (and cancel-fail-pass) flakes only through the failure", () => {
    const flaky = findFlakyJobs([
      // Cancelled (a newer push, a person), then passed on a re-run: not a flake.
      job("cancelled", 1, { sha: "eee" }),
      job("success", 2, { sha: "eee", attempt: 2 }),
      // Neutral and skipped then passed: not flakes either.
      job("neutral", 3, { sha: "fff" }),
      job("skipped", 4, { sha: "fff", attempt: 2 }),
      job("success", 5, { sha: "fff", attempt: 3 }),
      // A real failure, a cancelled re-run, then a pass: one flaky failure.
      job("failure", 10, { sha: "ggg" }),
      job("cancelled", 11, { sha: "ggg", attempt: 2 }),
      job("success", 12, { sha: "ggg", attempt: 3 }),
    ]);
    expect(flaky).toEqual([
      { repo: "acme/api", workflow: "ci", name: "test", commits: 1, flakyFailures: 1, lastSeenAt: at(12) },
    ]);
  });

  it("orders by attempt when finish times tie, and skips jobs without a sha", () => {
    const flaky = findFlakyJobs([
      job("success", 5, { attempt: 2 }),
      job("failure", 5, { attempt: 1 }),
      job("failure", 6, { sha: null }),
      job("success", 7, { sha: null }),
    ]);
    expect(flaky.map((f) => [f.commits, f.flakyFailures])).toEqual([[1, 1]]);
  });
});

describe("meanTimeToRecovery", () => {
  it("measures first failure to next success, per workflow, and reports a workflow still failing", () => {
    const result = meanTimeToRecovery([
      job("success", 0),
      job("failure", 10),
      job("failure", 20), // still the same outage: measured from minute 10
      job("success", 40), // recovered after 30 min
      job("cancelled", 45), // neither breaks nor fixes
      job("timed_out", 50),
      job("success", 60), // recovered after 10 min
      job("failure", 70, { workflow: "deploy" }),
    ]);
    expect(result).toEqual([
      { repo: "acme/api", workflow: "ci", recoveries: 2, mttrMs: 20 * 60_000, failingSince: null },
      { repo: "acme/api", workflow: "deploy", recoveries: 0, mttrMs: null, failingSince: at(70) },
    ]);
  });

  it("gives the same answer whatever order the jobs come in", () => {
    const jobs = [job("failure", 10), job("success", 40), job("failure", 50), job("success", 60)];
    expect(meanTimeToRecovery([...jobs].reverse())).toEqual(meanTimeToRecovery(jobs));
  });
});
