import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative, liveDurationMs, liveQueueMs } from "./format";
import { makeJob } from "@/lib/test-jobs";

describe("formatDuration", () => {
  it("formats every magnitude densely", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-5)).toBe("—");
    expect(formatDuration(400)).toBe("<1s");
    expect(formatDuration(32_000)).toBe("32s");
    expect(formatDuration(92_000)).toBe("1m 32s");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 59_000)).toBe("2h 05m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 04h");
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");
  it("says how long ago", () => {
    expect(formatRelative(null, now)).toBe("—");
    expect(formatRelative("2025-01-01T11:59:52Z", now)).toBe("just now");
    expect(formatRelative("2025-01-01T11:59:18Z", now)).toBe("42s ago");
    expect(formatRelative("2025-01-01T11:57:00Z", now)).toBe("3 min ago");
    expect(formatRelative("2025-01-01T07:00:00Z", now)).toBe("5 h ago");
    expect(formatRelative("2024-12-30T12:00:00Z", now)).toBe("2 d ago");
  });

  it("never says 'from now' for an event stamped after the clock's last tick", () => {
    // A delivery 25 s after the Sources page's 30 s clock last ticked.
    expect(formatRelative("2025-01-01T12:00:25Z", now)).toBe("just now");
    // The server's clock 3 min ahead of the browser's.
    expect(formatRelative("2025-01-01T12:03:00Z", now)).toBe("just now");
    expect(formatRelative("not a time", now)).toBe("—");
  });
});

describe("live timings", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");
  it("ticks queue time while queued and duration while running", () => {
    const queued = makeJob({ status: "queued", queuedAt: "2025-01-01T11:59:00Z" });
    expect(liveQueueMs(queued, now)).toBe(60_000);
    expect(liveDurationMs(queued, now)).toBeNull();
    const running = makeJob({ status: "running", startedAt: "2025-01-01T11:58:00Z", queueMs: 5_000 });
    expect(liveQueueMs(running, now)).toBe(5_000);
    expect(liveDurationMs(running, now)).toBe(120_000);
  });

  it("uses the stored values once finished", () => {
    const done = makeJob({
      status: "success",
      queueMs: 1_000,
      durationMs: 9_000,
      startedAt: "2025-01-01T11:00:00Z",
    });
    expect(liveQueueMs(done, now)).toBe(1_000);
    expect(liveDurationMs(done, now)).toBe(9_000);
  });
});
