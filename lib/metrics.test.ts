import { describe, expect, it } from "vitest";
import { makeJob } from "./test-jobs";
import { BUCKET_MS, BUCKETS, durationMs, toWaitingJob, windowSchema } from "./metrics";

describe("durationMs", () => {
  it.each([
    ["90m", 5_400_000],
    ["24h", 86_400_000],
    ["30d", 2_592_000_000],
    ["0h", null],
    ["1.5h", null],
    ["1w", null],
    ["1234567m", null],
    [" 1h", null],
  ])("%j → %s", (text, expected) => {
    expect(durationMs(text)).toBe(expected);
  });
});

describe("windowSchema", () => {
  it("takes windows from 1 h to 90 d", () => {
    for (const text of ["60m", "1h", "7d", "90d", "2160h"])
      expect(windowSchema.safeParse(text).success).toBe(true);
  });

  it.each([
    ["59m", "must be between 1h and 90d"],
    ["91d", "must be between 1h and 90d"],
    ["a week", "must be a duration such as 1h, 24h, 7d or 30d"],
  ])("refuses %j: %s", (text, message) => {
    expect(windowSchema.safeParse(text).error?.issues.map((i) => i.message)).toContain(message);
  });
});

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
