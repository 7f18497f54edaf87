/**
 * Turns `/metrics/timeseries` answers into the flat rows the charts plot:
 * bucket starts as epoch ms (the axis formats them in local time), and the
 * percentile bands as `[low, high]` pairs. Pure; no React.
 */
import { JOB_SOURCES, type JobSource } from "@/lib/job";
import type { Series, SeriesPoint, TimeseriesResponse } from "@/lib/metrics";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";

/** One bucket of a single-series chart. */
export interface SeriesRow extends Omit<SeriesPoint, "t"> {
  /** Bucket start, epoch ms. */
  t: number;
  /** Success rate as a percentage (0..100), for the success-rate chart's axis. */
  percent: number | null;
  /** Percentile bands from p50 up (durations and queue times); null when unknown. */
  band90: [number, number] | null;
  band95: [number, number] | null;
  band99: [number, number] | null;
}

const band = (low: number | null | undefined, high: number | null | undefined): [number, number] | null =>
  low != null && high != null ? [low, high] : null;

/** Rows of one series, oldest first. */
export function seriesRows(series: Series | undefined): SeriesRow[] {
  if (!series) return [];
  return series.points
    .map((point) => ({
      ...point,
      t: Date.parse(point.t),
      percent: point.value == null ? null : point.value * 100,
      band90: band(point.p50, point.p90),
      band95: band(point.p50, point.p95),
      band99: band(point.p50, point.p99),
    }))
    .filter((row) => Number.isFinite(row.t))
    .sort((a, b) => a.t - b.t);
}

/** The ungrouped series of an answer (the first one when grouped). */
export const mainSeries = (response: TimeseriesResponse | undefined): Series | undefined =>
  response?.series.find((series) => series.key === null) ?? response?.series[0];

/** True when an answer counted at least one job. */
export const hasSeriesData = (response: TimeseriesResponse | undefined): boolean =>
  Boolean(response?.series.some((series) => series.total > 0 || series.points.some((p) => p.count > 0)));

const isSource = (key: string): key is JobSource => (JOB_SOURCES as readonly string[]).includes(key);

/** A group's name in a legend: sources by their vendor name, other keys as they are. */
export function groupName(groupBy: TimeseriesResponse["groupBy"], key: string | null): string {
  if (key === null) return "All";
  if (key === "") return "(none)";
  return groupBy === "source" && isSource(key) ? VENDOR_NAMES[key] : key;
}

/** One line of a grouped chart: its data key in the rows and its name. */
export interface GroupLine {
  /** `g0`, `g1`…: group names may contain dots, which a chart would read as a path. */
  dataKey: string;
  name: string;
  total: number;
}

/** A grouped answer as one row per bucket with one column per group. */
export interface GroupedRows {
  lines: GroupLine[];
  rows: ({ t: number } & Record<string, number | null>)[];
}

/**
 * Rows of a grouped answer, busiest group first, plotting `pick` of each
 * point (e.g. the success rate as a percentage, or p50).
 */
export function groupedRows(
  response: TimeseriesResponse | undefined,
  pick: (point: SeriesPoint) => number | null,
): GroupedRows {
  const series = [...(response?.series ?? [])].sort((a, b) => b.total - a.total);
  const lines = series.map((s, i) => ({
    dataKey: `g${i}`,
    name: groupName(response?.groupBy ?? null, s.key),
    total: s.total,
  }));
  const byTime = new Map<number, { t: number } & Record<string, number | null>>();
  series.forEach((s, i) => {
    for (const point of s.points) {
      const t = Date.parse(point.t);
      if (!Number.isFinite(t)) continue;
      let row = byTime.get(t);
      if (!row) {
        row = { t };
        byTime.set(t, row);
      }
      row[`g${i}`] = pick(point);
    }
  });
  return { lines, rows: [...byTime.values()].sort((a, b) => a.t - b.t) };
}
