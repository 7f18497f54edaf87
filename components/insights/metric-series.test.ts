import { describe, expect, it } from "vitest";
import type { TimeseriesResponse } from "@/lib/metrics";
import { groupedRows, hasSeriesData, mainSeries, seriesRows } from "./metric-series";
import { metricsPath } from "@/components/api/metrics-api";
import { concernsScope } from "./use-live-metrics";

const response = (groupBy: TimeseriesResponse["groupBy"], series: TimeseriesResponse["series"]) =>
  ({
    metric: "duration",
    bucket: "1h",
    window: "24h",
    from: "2026-01-15T00:00:00Z",
    to: "2026-01-16T00:00:00Z",
    groupBy,
    series,
  }) satisfies TimeseriesResponse;

describe("series rows", () => {
  it("orders buckets by time and turns percentiles into bands from p50", () => {
    const rows = seriesRows(
      mainSeries(
        response(null, [
          {
            key: null,
            total: 3,
            points: [
              {
                t: "2026-01-15T01:00:00Z",
                count: 0,
                value: null,
                p50: null,
                p90: null,
                p95: null,
                p99: null,
              },
              { t: "2026-01-15T00:00:00Z", count: 3, value: 0.5, p50: 10, p90: 20, p95: 30, p99: 40 },
            ],
          },
        ]),
      ),
    );
    expect(rows.map((r) => r.t)).toEqual([
      Date.parse("2026-01-15T00:00:00Z"),
      Date.parse("2026-01-15T01:00:00Z"),
    ]);
    expect(rows[0]).toMatchObject({ percent: 50, band90: [10, 20], band95: [10, 30], band99: [10, 40] });
    expect(rows[1]).toMatchObject({ percent: null, band90: null, band99: null });
  });

  it("knows an answer that counted nothing", () => {
    const empty = response(null, [
      { key: null, total: 0, points: [{ t: "2026-01-15T00:00:00Z", count: 0, value: null }] },
    ]);
    expect(hasSeriesData(empty)).toBe(false);
    expect(hasSeriesData(undefined)).toBe(false);
  });

  it("lays groups out as columns with safe keys, busiest first", () => {
    const { lines, rows } = groupedRows(
      response("repo", [
        { key: "acme/web.js", total: 1, points: [{ t: "2026-01-15T00:00:00Z", count: 1, value: 1, p50: 5 }] },
        { key: "acme/api", total: 9, points: [{ t: "2026-01-15T00:00:00Z", count: 9, value: 0.5, p50: 7 }] },
      ]),
      (p) => p.p50 ?? null,
    );
    expect(lines).toEqual([
      { dataKey: "g0", name: "acme/api", total: 9 },
      { dataKey: "g1", name: "acme/web.js", total: 1 },
    ]);
    expect(rows).toEqual([{ t: Date.parse("2026-01-15T00:00:00Z"), g0: 7, g1: 5 }]);
  });
});

describe("metrics requests and live notices", () => {
  it("builds stable URLs without blanks", () => {
    expect(
      metricsPath("timeseries", { window: "24h", metric: "duration", repo: "", groupBy: undefined }),
    ).toBe("/api/v1/metrics/timeseries?metric=duration&window=24h");
    expect(metricsPath("summary", {})).toBe("/api/v1/metrics/summary");
    expect(metricsPath("failures", { sample: 0, repo: "a/b" })).toBe(
      "/api/v1/metrics/failures?repo=a%2Fb&sample=0",
    );
  });

  it("refetches only for notices that can concern the page", () => {
    const notice = {
      version: 1,
      at: "2026-01-15T00:00:00Z",
      sources: ["github"],
      repos: ["acme/web"],
    } as const;
    const payload = { ...notice, sources: [...notice.sources], repos: [...notice.repos] };
    expect(concernsScope(payload, {})).toBe(true);
    expect(concernsScope(payload, { source: "github", repo: "acme/web" })).toBe(true);
    expect(concernsScope(payload, { source: "gitlab" })).toBe(false);
    expect(concernsScope(payload, { repo: "acme/api" })).toBe(false);
    expect(concernsScope({ ...payload, repos: [] }, { repo: "acme/api" })).toBe(true);
  });
});
