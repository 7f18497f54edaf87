import { describe, expect, it } from "vitest";
import {
  bucketLabel,
  describeSeries,
  durationTicks,
  formatDurationTick,
  formatPercent,
  timeTickFormatter,
} from "./chart-format";

const utc = { locale: "en-GB", timeZone: "UTC" };
const tokyo = { locale: "en-GB", timeZone: "Asia/Tokyo" };
const t = Date.parse("2026-01-15T09:00:00Z");

describe("time axis labels", () => {
  it("shows the time of day within a day, in the viewer's zone", () => {
    expect(timeTickFormatter("5m", 86_400_000, utc)(t)).toBe("09:00");
    expect(timeTickFormatter("5m", 86_400_000, tokyo)(t)).toBe("18:00");
  });

  it("adds the day over several days, and shows only the day for daily buckets", () => {
    expect(timeTickFormatter("1h", 7 * 86_400_000, utc)(t)).toBe("15 Jan, 09");
    expect(timeTickFormatter("1d", 90 * 86_400_000, utc)(t)).toBe("15 Jan");
  });

  it("labels a bucket by its local span", () => {
    expect(bucketLabel(t, "1h", utc)).toBe("15 Jan, 09:00 – 10:00");
    expect(bucketLabel(t, "1h", tokyo)).toBe("15 Jan, 18:00 – 19:00");
    expect(bucketLabel(t, "1d", utc)).toBe("Thu 15 Jan");
  });
});

describe("values", () => {
  it("formats rates and duration ticks", () => {
    expect(formatPercent(0.9634)).toBe("96.3%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(null)).toBe("—");
    expect(formatDurationTick(0)).toBe("0");
    expect(formatDurationTick(120_000)).toBe("2m");
    expect(formatDurationTick(95_000)).toBe("1m 35s");
  });

  it("summarises a series for its accessible name", () => {
    const points = [
      { t, value: 0.9 },
      { t: t + 3_600_000, value: null },
      { t: t + 7_200_000, value: 0.5 },
      { t: t + 10_800_000, value: 0.75 },
    ];
    expect(describeSeries(points, (v) => formatPercent(v), "1h", utc)).toBe(
      "lowest 50% (15 Jan, 11:00 – 12:00), highest 90% (15 Jan, 09:00 – 10:00), latest 75%",
    );
    expect(describeSeries([{ t, value: 1 }], (v) => formatPercent(v), "1h", utc)).toBe("100% throughout");
    expect(describeSeries([{ t, value: null }], String, "1h", utc)).toBe("no data");
  });
});

describe("duration axis", () => {
  it("picks round steps that cover the maximum", () => {
    expect(durationTicks(0)).toEqual([0]);
    expect(durationTicks(7_400)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(durationTicks(23 * 60_000)).toEqual([0, 300_000, 600_000, 900_000, 1_200_000, 1_500_000]);
    expect(durationTicks(3 * 86_400_000).at(-1)).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(durationTicks(23 * 60_000).map(formatDurationTick)).toEqual([
      "0",
      "5m",
      "10m",
      "15m",
      "20m",
      "25m",
    ]);
  });
});
