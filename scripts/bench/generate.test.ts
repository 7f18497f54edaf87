import { describe, expect, it } from "vitest";
import { JOB_SOURCES, type Job } from "../../lib/job";
import { storedJobSchema } from "../../server/test/fuzz/job-schema";
import { generateJobs } from "./generate";

const NOW = Date.parse("2026-11-25T15:20:00Z");

function all(count: number, seed = "unit", batchSize?: number): Job[] {
  return [...generateJobs({ count, seed, now: NOW, batchSize })].flat();
}

describe("generateJobs", () => {
  const jobs = all(40_000);

  it("yields exactly the count asked for, in batches of the batch size", () => {
    const batches = [...generateJobs({ count: 12_345, seed: "unit", now: NOW, batchSize: 5_000 })];
    expect(batches.map((b) => b.length)).toEqual([5_000, 5_000, 2_345]);
    expect(jobs).toHaveLength(40_000);
  });

  it("is deterministic: the same seed gives the same jobs, another seed other jobs", () => {
    const again = all(40_000);
    expect(JSON.stringify(again.slice(0, 3_000))).toBe(JSON.stringify(jobs.slice(0, 3_000)));
    expect(JSON.stringify(again.at(-1))).toBe(JSON.stringify(jobs.at(-1)));
    expect(all(3_000, "other")[0]?.id).not.toBe(jobs[0]?.id);
  });

  it("gives jobs every stored job satisfies (the fuzz's independent schema)", () => {
    for (let i = 0; i < jobs.length; i += 7) {
      const result = storedJobSchema.safeParse(jobs[i]);
      if (!result.success) throw new Error(`${JSON.stringify(jobs[i])}\n${result.error.message}`);
    }
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
  });

  it("spreads jobs over 90 days up to now, over every source, ~300 repos and dozens of label pools", () => {
    const queued = jobs.map((j) => Date.parse(j.queuedAt ?? ""));
    expect(Math.max(...queued)).toBeLessThan(NOW);
    expect(Math.min(...queued)).toBeGreaterThanOrEqual(NOW - 90 * 86_400_000);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.finishedAt !== null && Date.parse(j.finishedAt) > NOW)).toEqual([]);
    expect(new Set(jobs.map((j) => j.source))).toEqual(new Set(JOB_SOURCES));
    expect(new Set(jobs.map((j) => j.repo)).size).toBeGreaterThan(250);
    const pools = new Set(
      jobs.filter((j) => j.runner.labels.length > 0).map((j) => j.runner.labels.join(",")),
    );
    expect(pools.size).toBeGreaterThanOrEqual(30);
  });

  it("has roughly realistic proportions: mostly success, ~8% failure, re-runs, flaky commits", () => {
    const share = (f: (j: Job) => boolean) => jobs.filter(f).length / jobs.length;
    expect(share((j) => j.status === "success")).toBeGreaterThan(0.8);
    expect(share((j) => j.status === "failure")).toBeGreaterThan(0.06);
    expect(share((j) => j.status === "failure")).toBeLessThan(0.11);
    for (const status of ["timed_out", "cancelled", "skipped"] as const)
      expect(share((j) => j.status === status)).toBeGreaterThan(0.002);
    expect(share((j) => j.attempt > 1)).toBeGreaterThan(0.005);
    expect(share((j) => j.branch === "main" || j.branch === "master")).toBeGreaterThan(0.5);
    // Flaky: the same job failed, then passed, on the same commit.
    const key = (j: Job) => `${j.repo}\n${j.workflow}\n${j.name}\n${j.sha}`;
    const failed = new Set(jobs.filter((j) => j.status === "failure").map(key));
    const flaky = jobs.filter((j) => j.status === "success" && j.attempt > 1 && failed.has(key(j)));
    expect(flaky.length).toBeGreaterThan(100);
  });

  it("leaves the jobs still going at now active, and only those", () => {
    const active = jobs.filter((j) => j.finishedAt === null);
    expect(active.length).toBeGreaterThan(0);
    for (const job of active) {
      expect(["queued", "waiting", "running"]).toContain(job.status);
      expect(Date.parse(job.queuedAt ?? "")).toBeGreaterThan(NOW - 12 * 3_600_000);
    }
  });

  it("draws durations from seconds to hours and queue times from sub-second to many minutes", () => {
    const durations = jobs.flatMap((j) => (j.durationMs === null ? [] : [j.durationMs]));
    const queues = jobs.flatMap((j) => (j.queueMs === null ? [] : [j.queueMs]));
    expect(Math.min(...durations)).toBeLessThan(60_000);
    expect(Math.max(...durations)).toBeGreaterThan(3_600_000);
    expect(Math.min(...queues)).toBeLessThan(2_000);
    expect(Math.max(...queues)).toBeGreaterThan(15 * 60_000);
  });
});
