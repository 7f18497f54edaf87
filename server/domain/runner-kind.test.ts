import { describe, expect, it } from "vitest";
import type { Runner } from "../../lib/runner";
import { isRetired, kindOf, poolKindOf, retiredWhenWritten, vendorHosted } from "./runner-kind";
import { effectiveRunner } from "./runner-state";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const WINDOW = 10 * 60_000;

const runner = (patch: Partial<Runner> = {}): Runner => ({
  id: "github:rack-1",
  source: "github",
  name: "rack-1",
  group: "Default",
  labels: ["self-hosted", "k8s"],
  status: "idle",
  currentJobId: null,
  lastSeenAt: new Date(NOW).toISOString(),
  connected: null,
  kind: "self-hosted",
  kindSource: "activity",
  retired: false,
  jobs: 2,
  ...patch,
});

describe("vendorHosted", () => {
  it("knows GitHub's hosted runners by group or name, and GitLab's instance runners", () => {
    expect(vendorHosted({ source: "github", name: "GitHub Actions 12", group: null })).toBe(true);
    expect(vendorHosted({ source: "github", name: "x", group: "GitHub Actions" })).toBe(true);
    expect(vendorHosted({ source: "github", name: "GitHub Actions runner", group: "Default" })).toBe(false);
    expect(vendorHosted({ source: "gitlab", name: "blue-4.saas", group: "instance_type" })).toBe(true);
    expect(vendorHosted({ source: "gitlab", name: "k8s-1", group: "group_type" })).toBe(false);
    expect(vendorHosted({ source: "buildkite", name: "GitHub Actions 1", group: "GitHub Actions" })).toBe(
      false,
    );
  });
});

describe("kindOf", () => {
  it("takes the pool's setting first, then the vendor's word, then one-job behaviour", () => {
    expect(kindOf(runner({ poolKind: "ephemeral", name: "GitHub Actions 3" }), NOW, WINDOW)).toEqual({
      kind: "ephemeral",
      kindSource: "pool",
    });
    expect(kindOf(runner({ name: "GitHub Actions 3" }), NOW, WINDOW)).toEqual({
      kind: "hosted",
      kindSource: "vendor",
    });
    const silent = new Date(NOW - WINDOW - 1).toISOString();
    expect(kindOf(runner({ jobs: 1, lastSeenAt: silent }), NOW, WINDOW).kind).toBe("ephemeral");
    expect(kindOf(runner({ jobs: 1, connected: false }), NOW, WINDOW).kind).toBe("ephemeral");
    // Within the window, busy, or with a second job, it is not (yet) shown to be ephemeral.
    expect(kindOf(runner({ jobs: 1 }), NOW, WINDOW).kind).toBe("self-hosted");
    expect(kindOf(runner({ jobs: 1, lastSeenAt: silent, currentJobId: "github:9" }), NOW, WINDOW).kind).toBe(
      "self-hosted",
    );
    expect(kindOf(runner({ jobs: 2, lastSeenAt: silent }), NOW, WINDOW).kind).toBe("self-hosted");
    // Stored before jobs were counted: never guessed ephemeral.
    expect(kindOf(runner({ jobs: undefined, lastSeenAt: silent }), NOW, WINDOW).kind).toBe("self-hosted");
  });
});

describe("retirement", () => {
  it("retires hosted and ephemeral runners that are not busy, and shows them offline", () => {
    expect(isRetired("hosted", { currentJobId: null })).toBe(true);
    expect(isRetired("hosted", { currentJobId: "github:1" })).toBe(false);
    expect(isRetired("self-hosted", { currentJobId: null })).toBe(false);
    expect(effectiveRunner(runner({ name: "GitHub Actions 3" }), NOW, WINDOW)).toMatchObject({
      status: "offline",
      kind: "hosted",
      retired: true,
    });
    expect(retiredWhenWritten(runner({ name: "GitHub Actions 3" }))).toBe(true);
    expect(retiredWhenWritten(runner({ name: "GitHub Actions 3", poolKind: "self-hosted" }))).toBe(false);
    // Time-based ephemerality is the watchdog's to stamp, not the writer's.
    expect(retiredWhenWritten(runner({ jobs: 1, connected: false }))).toBe(false);
  });

  it("names a pool's kind: set, else hosted from its jobs, else self-hosted", () => {
    const set = new Map([["gpu", "ephemeral" as const]]);
    expect(poolKindOf("gpu", set, new Set(["gpu"]))).toBe("ephemeral");
    expect(poolKindOf("ubuntu-latest", set, new Set(["ubuntu-latest"]))).toBe("hosted");
    expect(poolKindOf("k8s, self-hosted", set, new Set())).toBe("self-hosted");
  });
});
