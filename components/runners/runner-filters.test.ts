import { describe, expect, it } from "vitest";
import type { Runner } from "@/lib/runner";
import { groupByPool, matchesRunner, runnerFiltersFromSearchParams } from "./runner-filters";
import { patchRunners } from "@/components/api/runner-queries";

function makeRunner(overrides: Partial<Runner> = {}): Runner {
  return {
    id: "github:rack-1",
    source: "github",
    name: "rack-1",
    group: "Default",
    labels: ["linux", "x64"],
    status: "idle",
    currentJobId: null,
    lastSeenAt: "2025-01-01T12:00:00Z",
    connected: null,
    kind: "self-hosted",
    kindSource: "activity",
    retired: false,
    ...overrides,
  };
}

describe("groupByPool", () => {
  it("groups by label pool with per-state counts, busy runners first, unlabelled pool last", () => {
    const groups = groupByPool([
      makeRunner({ id: "a", name: "b-runner", labels: ["x64", "linux"] }),
      makeRunner({ id: "b", name: "a-runner", status: "offline" }),
      makeRunner({ id: "c", name: "z-runner", status: "busy", currentJobId: "github:1" }),
      makeRunner({ id: "d", name: "mac", labels: [], group: null }),
      makeRunner({ id: "e", name: "arm", labels: ["arm64"] }),
    ]);
    expect(groups.map((g) => g.pool)).toEqual(["arm64", "linux, x64", "unlabelled"]);
    const linux = groups[1]!;
    expect(linux.labels).toEqual(["linux", "x64"]);
    expect(linux.runners.map((r) => r.name)).toEqual(["z-runner", "b-runner", "a-runner"]);
    expect(linux.counts).toEqual({ busy: 1, idle: 1, offline: 1 });
  });
});

describe("runner filters", () => {
  it("reads the URL and matches name, group or label", () => {
    const filters = runnerFiltersFromSearchParams(new URLSearchParams("status=busy,nope&source=github&q=X6"));
    expect(filters).toEqual({ status: ["busy"], source: "github", q: "X6" });
    expect(matchesRunner(makeRunner({ status: "busy" }), filters)).toBe(true);
    expect(matchesRunner(makeRunner({ status: "idle" }), filters)).toBe(false);
    expect(matchesRunner(makeRunner({ status: "busy", labels: ["arm64"] }), filters)).toBe(false);
    expect(matchesRunner(makeRunner({ status: "busy", labels: [], group: "x64-pool" }), filters)).toBe(true);
  });
});

describe("patchRunners", () => {
  it("replaces by id, appends new runners and ignores older news", () => {
    const list = { items: [makeRunner()] };
    const busy = makeRunner({ status: "busy", lastSeenAt: "2025-01-01T12:01:00Z" });
    const next = patchRunners(list, [busy, makeRunner({ id: "github:new", name: "new" })]);
    expect(next.items.map((r) => [r.id, r.status])).toEqual([
      ["github:rack-1", "busy"],
      ["github:new", "idle"],
    ]);
    expect(patchRunners(next, [makeRunner({ status: "idle" })])).toBe(next);
  });
});
