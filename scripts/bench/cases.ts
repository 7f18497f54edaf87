/**
 * What the benchmark measures: each endpoint, its p95 target (issue 5), and
 * the naive computation of the same answer from raw rows, measured in the same
 * run as its baseline.
 */
import { durationMs } from "../../lib/metrics";
import { rawSummary, rawTimeseries, type RawDb, type RawQuery } from "./raw";

/** p95 targets, ms: issue 5's, and issue 13's ≤ 100 ms for every other metrics endpoint. */
export const TARGETS = { summary: 50, timeseries: 100, jobsPage: 20, metrics: 100 } as const;

const HOUR = 3_600_000;

/** Values picked from the generated data to filter by. */
export interface Picks {
  /** The repository with the most jobs, and its default branch. */
  busyRepo: string;
  busyBranch: string;
  /** A repository with few jobs (the index's worst case for a rare filter). */
  quietRepo: string;
  /** A runner label many jobs carry. */
  label: string;
  /** Any stored job id. */
  jobId: string;
}

/** One measured endpoint. */
export interface EndpointCase {
  id: string;
  group: "baseline" | "summary" | "timeseries" | "jobs" | "other";
  path: string;
  /** p95 target, ms; null when the endpoint has none (measured for the record). */
  target: number | null;
  /** The same answer computed the naive way; the baseline of the ratio. */
  naive?: (db: RawDb) => unknown;
  /** Skipped (not failed) when the server has no such route. */
  optional?: boolean;
}

/** The summary window [now − window, now], as the server reads it ([from, now + 1)). */
export function summaryRange(window: string, now: number): { from: number; to: number } {
  return { from: now - (durationMs(window) ?? 0), to: now + 1 };
}

/** The time-series range: from the bucket holding now − window, to now. */
export function seriesRange(window: string, bucketMs: number, now: number): { from: number; to: number } {
  return { from: Math.floor((now - (durationMs(window) ?? 0)) / bucketMs) * bucketMs, to: now + 1 };
}

/** Every endpoint case, in the order they are measured. */
export function endpointCases(p: Picks, now: number): EndpointCase[] {
  const repo = encodeURIComponent(p.busyRepo);
  const summary = (id: string, window: string, extra: Omit<RawQuery, "from" | "to"> = {}): EndpointCase => {
    const query = new URLSearchParams({ window, ...extra });
    return {
      id,
      group: "summary",
      path: `/api/v1/metrics/summary?${query}`,
      target: TARGETS.summary,
      naive: (db) => rawSummary(db, { ...summaryRange(window, now), ...extra }, "columns"),
    };
  };
  const series = (
    id: string,
    metric: "duration" | "success_rate" | "queue_time",
    extra: { groupBy?: "source"; repo?: string } = {},
  ): EndpointCase => {
    const query = new URLSearchParams({ metric, bucket: "1h", window: "30d", ...extra });
    const range = seriesRange("30d", HOUR, now);
    return {
      id,
      group: "timeseries",
      path: `/api/v1/metrics/timeseries?${query}`,
      target: TARGETS.timeseries,
      naive: (db) =>
        rawTimeseries(
          db,
          { ...range, repo: extra.repo },
          HOUR,
          metric,
          extra.groupBy === "source",
          "columns",
        ),
    };
  };
  return [
    { id: "healthz", group: "baseline", path: "/healthz", target: null },
    { id: "job by id", group: "baseline", path: `/api/v1/jobs/${encodeURIComponent(p.jobId)}`, target: null },

    summary("summary 24h", "24h"),
    summary("summary 7d", "7d"),
    summary("summary 30d", "30d"),
    summary("summary 24h repo", "24h", { repo: p.busyRepo }),
    summary("summary 30d repo+branch", "30d", { repo: p.busyRepo, branch: p.busyBranch }),

    series("timeseries duration 30d/1h", "duration"),
    series("timeseries success_rate 30d/1h", "success_rate"),
    series("timeseries queue_time 30d/1h", "queue_time"),
    series("timeseries duration 30d/1h by source", "duration", { groupBy: "source" }),
    series("timeseries duration 30d/1h repo", "duration", { repo: p.busyRepo }),

    {
      id: "jobs repo+failure (busy repo)",
      group: "jobs",
      path: `/api/v1/jobs?repo=${repo}&status=failure&limit=50`,
      target: TARGETS.jobsPage,
    },
    {
      id: "jobs repo+failure (quiet repo)",
      group: "jobs",
      path: `/api/v1/jobs?repo=${encodeURIComponent(p.quietRepo)}&status=failure&limit=50`,
      target: TARGETS.jobsPage,
    },
    { id: "jobs page", group: "jobs", path: "/api/v1/jobs?limit=50", target: TARGETS.jobsPage },
    {
      id: "jobs label",
      group: "jobs",
      path: `/api/v1/jobs?label=${encodeURIComponent(p.label)}&limit=50`,
      target: null,
    },

    ...(
      [
        ["failures 24h", "/api/v1/metrics/failures?window=24h"],
        ["failures 7d by step", "/api/v1/metrics/failures?window=7d&groupBy=step"],
        ["flaky 7d", "/api/v1/metrics/flaky?window=7d"],
        ["workflows 7d vs 28d", "/api/v1/metrics/workflows?window=7d"],
        ["queue now", "/api/v1/metrics/queue"],
        ["runners 24h", "/api/v1/metrics/runners?window=24h"],
      ] as const
    ).map(([id, path]): EndpointCase => ({
      id,
      group: "other",
      path,
      target: TARGETS.metrics,
      optional: true,
    })),
  ];
}
