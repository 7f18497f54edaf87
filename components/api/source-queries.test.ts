import { describe, expect, it } from "vitest";
import type { SourceHealth } from "@/lib/sources";
import { SILENT_AFTER_MS, patchSourceStats, silentForMs } from "./source-queries";

function makeSource(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    source: "github",
    counts: { accepted: 3, duplicate: 0, ignored: 1, rejected: 0, invalid: 0 },
    lastDeliveryAt: "2025-01-01T12:00:00Z",
    lastAcceptedAt: "2025-01-01T12:00:00Z",
    lastRefusedAt: null,
    configured: true,
    secretVariables: ["RUNWATCH_GITHUB_SECRET"],
    path: "/api/v1/webhooks/github",
    lostJobs: 2,
    ...overrides,
  };
}

describe("patchSourceStats", () => {
  it("takes new counts and times, keeping what only the list knows", () => {
    const list = { items: [makeSource(), makeSource({ source: "gitlab", path: "/api/v1/webhooks/gitlab" })] };
    const next = patchSourceStats(list, [
      {
        source: "github",
        counts: { accepted: 3, duplicate: 0, ignored: 1, rejected: 1, invalid: 0 },
        lastDeliveryAt: "2025-01-01T12:05:00Z",
        lastAcceptedAt: "2025-01-01T12:00:00Z",
        lastRefusedAt: "2025-01-01T12:05:00Z",
      },
    ]);
    expect(next.items[0]).toMatchObject({
      counts: { rejected: 1 },
      lastRefusedAt: "2025-01-01T12:05:00Z",
      lostJobs: 2,
      configured: true,
    });
    expect(next.items[1]).toBe(list.items[1]);
  });

  it("ignores stats older than what it shows (lower totals)", () => {
    const list = { items: [makeSource()] };
    const stale = {
      ...makeSource(),
      counts: { accepted: 1, duplicate: 0, ignored: 0, rejected: 0, invalid: 0 },
    };
    expect(patchSourceStats(list, [stale])).toBe(list);
  });
});

describe("silentForMs", () => {
  const last = Date.parse("2025-01-01T12:00:00Z");
  it("flags a configured source that accepted nothing for over an hour", () => {
    expect(silentForMs(makeSource(), last + SILENT_AFTER_MS + 1)).toBe(SILENT_AFTER_MS + 1);
    expect(silentForMs(makeSource(), last + SILENT_AFTER_MS - 1)).toBeNull();
  });
  it("never flags an unconfigured source, one that never received anything, or before the clock is known", () => {
    expect(silentForMs(makeSource({ configured: false }), last + 10 * SILENT_AFTER_MS)).toBeNull();
    expect(silentForMs(makeSource({ lastAcceptedAt: null }), last + 10 * SILENT_AFTER_MS)).toBeNull();
    expect(silentForMs(makeSource(), 0)).toBeNull();
  });
});
