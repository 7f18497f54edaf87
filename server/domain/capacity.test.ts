import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import { canServe, capacityHint, isStuck, overlap, ratio } from "./capacity";

const NOW = Date.parse("2026-05-01T12:00:00Z");
const runner = (
  labels: string[],
  status: Runner["status"] = "idle",
  source: Runner["source"] = "github",
): Runner => ({
  id: `${source}:r-${labels.join("-")}`,
  source,
  name: `r-${labels.join("-")}`,
  group: null,
  labels,
  status,
  currentJobId: null,
  lastSeenAt: new Date(NOW).toISOString(),
  connected: null,
  kind: "self-hosted",
  kindSource: "activity",
  retired: false,
});
const waiting = (labels: string[], minutesAgo: number): Job =>
  ({
    id: "github:1",
    source: "github",
    status: "queued",
    queuedAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
    runner: { name: null, group: null, labels },
  }) as Job;

describe("canServe", () => {
  it("needs every asked label (case-insensitively), the same source and an online runner", () => {
    expect(canServe(runner(["Linux", "gpu", "x64"]), "github", ["linux", "gpu"])).toBe(true);
    expect(canServe(runner(["linux"]), "github", ["linux", "gpu"])).toBe(false);
    expect(canServe(runner(["linux", "gpu"], "offline"), "github", ["gpu"])).toBe(false);
    expect(canServe(runner(["linux", "gpu"], "busy", "gitlab"), "github", ["gpu"])).toBe(false);
    expect(canServe(runner([], "busy"), "github", [])).toBe(true);
  });
});

describe("isStuck", () => {
  const fifteen = 15 * 60_000;
  it("is stuck only past the threshold and with no runner able to take it", () => {
    expect(isStuck(waiting(["gpu"], 20), [runner(["linux"])], NOW, fifteen)).toBe(true);
    expect(isStuck(waiting(["gpu"], 10), [runner(["linux"])], NOW, fifteen)).toBe(false);
    // A busy runner with the labels will take it eventually: waiting, not stuck.
    expect(isStuck(waiting(["gpu"], 20), [runner(["gpu"], "busy")], NOW, fifteen)).toBe(false);
    expect(isStuck(waiting(["gpu"], 20), [runner(["gpu"], "offline")], NOW, fifteen)).toBe(true);
  });
});

describe("utilisation arithmetic", () => {
  it("overlaps intervals and caps the ratio at 1", () => {
    expect(overlap(0, 10, 5, 20)).toBe(5);
    expect(overlap(0, 10, 10, 20)).toBe(0);
    expect(ratio(30, 60)).toBe(0.5);
    expect(ratio(90, 60)).toBe(1);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe("capacityHint", () => {
  const base = { labels: ["gpu"], queued: 0, onlineRunners: 2, queueP95Ms: 30_000, utilisation: 0.5 };
  it("asks for a runner when jobs wait and none is online", () => {
    expect(capacityHint({ ...base, queued: 3, onlineRunners: 0 })).toBe(
      "3 jobs waiting and no online runner labelled `gpu`: start one",
    );
  });
  it("asks for more runners when the queue is slow and the pool is saturated", () => {
    expect(capacityHint({ ...base, queueP95Ms: 11 * 60_000, utilisation: 1 })).toBe(
      "p95 queue time 11 min with 100% utilisation: add runners labelled `gpu`",
    );
    // Slow queue but idle runners: not a capacity problem.
    expect(capacityHint({ ...base, queueP95Ms: 11 * 60_000, utilisation: 0.4 })).toBeNull();
  });
  it("suggests shrinking an idle pool, and says nothing of a healthy one", () => {
    expect(capacityHint({ ...base, onlineRunners: 4, utilisation: 0.1 })).toBe(
      "utilisation 10% across 4 runners: this pool could shrink",
    );
    expect(capacityHint(base)).toBeNull();
  });
});
