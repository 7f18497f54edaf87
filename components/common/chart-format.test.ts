import { describe, expect, it } from "vitest";
import {
  bucketLabel,
  describeSeries,
  durationTicks,
  formatDurationTick,
  formatPercent,
  timeTickFormatter,
  timeTicks,
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

describe("timeTicks", () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const hours = (from: string, count: number, step = HOUR) =>
    Array.from({ length: count }, (_, i) => Date.parse(from) + i * step);
  const utc = { timeZone: "UTC" };
  const iso = (ticks: number[]) => ticks.map((t) => new Date(t).toISOString());

  it("keeps every point when there are few", () => {
    const times = hours("2025-03-10T10:00:00Z", 5);
    expect(timeTicks(times, "1h", 8, utc)).toEqual(times);
  });

  it("puts a 7-day hourly axis on local midnights, one a day", () => {
    const ticks = timeTicks(hours("2025-03-03T05:00:00Z", 7 * 24), "1h", 8, utc);
    expect(iso(ticks)).toEqual([
      "2025-03-04T00:00:00.000Z",
      "2025-03-05T00:00:00.000Z",
      "2025-03-06T00:00:00.000Z",
      "2025-03-07T00:00:00.000Z",
      "2025-03-08T00:00:00.000Z",
      "2025-03-09T00:00:00.000Z",
      "2025-03-10T00:00:00.000Z",
    ]);
  });

  it("uses the viewer's zone: Berlin's midnight is 23:00 UTC in winter", () => {
    const ticks = timeTicks(hours("2025-01-06T05:00:00Z", 3 * 24), "1h", 8, { timeZone: "Europe/Berlin" });
    // 3 days of hours: 12-hour steps land on Berlin's 00:00 and 12:00.
    expect(iso(ticks)).toEqual([
      "2025-01-06T11:00:00.000Z",
      "2025-01-06T23:00:00.000Z",
      "2025-01-07T11:00:00.000Z",
      "2025-01-07T23:00:00.000Z",
      "2025-01-08T11:00:00.000Z",
      "2025-01-08T23:00:00.000Z",
    ]);
  });

  it("puts a 30-day axis on Mondays", () => {
    const ticks = timeTicks(hours("2025-03-01T00:00:00Z", 30 * 4, 6 * HOUR), "6h", 8, utc);
    expect(iso(ticks)).toEqual([
      "2025-03-03T00:00:00.000Z",
      "2025-03-10T00:00:00.000Z",
      "2025-03-17T00:00:00.000Z",
      "2025-03-24T00:00:00.000Z",
    ]);
    expect(ticks.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
  });

  it("never gives more than the asked number, even for a 24-hour axis of 5-minute buckets", () => {
    const ticks = timeTicks(hours("2025-03-10T00:00:00Z", 288, 5 * 60_000), "5m", 8, utc);
    expect(iso(ticks)).toEqual([
      "2025-03-10T00:00:00.000Z",
      "2025-03-10T03:00:00.000Z",
      "2025-03-10T06:00:00.000Z",
      "2025-03-10T09:00:00.000Z",
      "2025-03-10T12:00:00.000Z",
      "2025-03-10T15:00:00.000Z",
      "2025-03-10T18:00:00.000Z",
      "2025-03-10T21:00:00.000Z",
    ]);
  });

  it("spaces sparse points evenly when none sits on a boundary", () => {
    const odd = Array.from({ length: 20 }, (_, i) => Date.parse("2025-03-10T00:07:00Z") + i * 37 * DAY);
    const ticks = timeTicks(odd, "1d", 8, utc);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]).toBe(odd[0]);
    expect(ticks).toEqual(odd.filter((_, i) => i % 3 === 0));
  });
});
