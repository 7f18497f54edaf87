import { describe, expect, it } from "vitest";
import { durationMs, windowSchema } from "../../lib/metrics";
import { alignDown, chooseBucket, windowRange } from "./window";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("windows", () => {
  it("accepts 1h to 90d and names the problem otherwise", () => {
    expect(durationMs("90m")).toBe(90 * 60_000);
    expect(windowSchema.safeParse("1h").success).toBe(true);
    expect(windowSchema.safeParse("90d").success).toBe(true);
    expect(windowSchema.safeParse("30m").error?.issues[0]?.message).toBe("must be between 1h and 90d");
    expect(windowSchema.safeParse("91d").success).toBe(false);
    expect(windowSchema.safeParse("1y").error?.issues[0]?.message).toMatch(/duration such as/);
    expect(windowSchema.safeParse("0h").success).toBe(false);
  });

  it("ends a window just past now, so a job finishing this instant counts", () => {
    expect(windowRange("24h", 10 * DAY)).toEqual({ from: 9 * DAY, to: 10 * DAY + 1 });
  });
});

describe("buckets", () => {
  it("keeps an asked bucket unless the series would pass 1,000 points", () => {
    expect(chooseBucket(30 * DAY, "1h")).toBe("1h"); // 721 points
    expect(chooseBucket(90 * DAY, "1h")).toBe("6h");
    expect(chooseBucket(DAY, "1m")).toBe("5m");
  });

  it("picks a bucket giving at most 200 points when none is asked", () => {
    expect(chooseBucket(HOUR)).toBe("1m");
    expect(chooseBucket(6 * HOUR)).toBe("5m");
    expect(chooseBucket(DAY)).toBe("15m");
    expect(chooseBucket(7 * DAY)).toBe("1h");
    expect(chooseBucket(30 * DAY)).toBe("6h");
    expect(chooseBucket(90 * DAY)).toBe("1d");
  });

  it("aligns to UTC wall-clock boundaries", () => {
    const t = Date.parse("2026-03-04T10:17:23Z");
    expect(new Date(alignDown(t, HOUR)).toISOString()).toBe("2026-03-04T10:00:00.000Z");
    expect(new Date(alignDown(t, 6 * HOUR)).toISOString()).toBe("2026-03-04T06:00:00.000Z");
    expect(new Date(alignDown(t, DAY)).toISOString()).toBe("2026-03-04T00:00:00.000Z");
  });
});
