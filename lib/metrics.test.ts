import { describe, expect, it } from "vitest";
import { makeJob } from "./test-jobs";
import { BUCKET_MS, BUCKETS, toWaitingJob } from "./metrics";

describe("BUCKET_MS", () => {
  it("gives every bucket size its length", () => {
    expect(Object.keys(BUCKET_MS)).toEqual([...BUCKETS]);
    expect(BUCKET_MS).toEqual({
      "1m": 60_000,
      "5m": 300_000,
      "15m": 900_000,
      "1h": 3_600_000,
      "6h": 21_600_000,
      "1d": 86_400_000,
    });
  });
});

describe("toWaitingJob", () => {
  it("keeps what the Queue page shows, with the runner labels asked for", () => {
    const job = makeJob({
      id: "gitlab:9",
      source: "gitlab",
      repo: "acme/web",
      workflow: "deploy",
      name: "build",
      queuedAt: "2026-01-02T03:04:05.000Z",
      startedAt: "2026-01-02T03:10:00.000Z",
      url: "https://gitlab.example/acme/web/-/jobs/9",
      runner: { ...makeJob().runner, labels: ["docker", "gpu"] },
    });
    expect(toWaitingJob(job, true)).toEqual({
      id: "gitlab:9",
      source: "gitlab",
      repo: "acme/web",
      workflow: "deploy",
      name: "build",
      labels: ["docker", "gpu"],
      queuedAt: "2026-01-02T03:04:05.000Z",
      url: "https://gitlab.example/acme/web/-/jobs/9",
      stuck: true,
    });
  });

  it("counts from the start when the queue time is unknown, else from the epoch", () => {
    const started = makeJob({ queuedAt: null, startedAt: "2026-01-02T03:10:00.000Z" });
    expect(toWaitingJob(started, false).queuedAt).toBe("2026-01-02T03:10:00.000Z");
    const neither = makeJob({ queuedAt: null, startedAt: null, url: null });
    expect(toWaitingJob(neither, false)).toMatchObject({
      queuedAt: "1970-01-01T00:00:00.000Z",
      url: null,
      stuck: false,
    });
  });
});
