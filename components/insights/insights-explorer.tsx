"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { DIMENSIONS, type Dimension } from "@/lib/metrics";
import { ChartSkeleton } from "./metric-panel";
import { InsightsSummary } from "./insights-summary";
import { InsightsTables } from "./insights-tables";
import { hasMetricFilters, metricQueryOf, useMetricFilters, type MetricFilters } from "./metric-filter-state";
import { MetricFilterBar, windowName } from "./metric-filters";
import { summaryQuery } from "@/components/api/metrics-queries";
import { inputClass, linkClass } from "@/components/ui/classes";
import { useLiveMetrics } from "./use-live-metrics";
import { QueueDepthPanel } from "@/components/queue/queue-depth-panel";
import { DEPTH_POOL_PARAM } from "@/components/queue/queue-depth-pool-picker";

// The charts (and recharts, most of the page's script) load after the headline figures are on screen.
const InsightsCharts = dynamic(() => import("./insights-charts").then((module) => module.InsightsCharts), {
  ssr: false,
  loading: () => <ChartSkeleton label="Loading charts" />,
});

/** The URL parameter of the "split by" control. */
const GROUP_PARAM = "groupBy";

const DIMENSION_NAMES: Record<Dimension, string> = {
  source: "Source",
  repo: "Repository",
  branch: "Branch",
  workflow: "Workflow",
  job: "Job",
  label: "Runner label",
};

const isDimension = (value: string | null): value is Dimension =>
  (DIMENSIONS as readonly string[]).includes(value ?? "");

/**
 * The Insights page body: URL-driven filters over headline figures, charts
 * and tables, refetched in place when jobs change. Reads `useSearchParams`;
 * render inside `<Suspense>`.
 */
export function InsightsExplorer() {
  const { filters, set, setParam, param, clear } = useMetricFilters();
  const raw = param(GROUP_PARAM);
  const groupBy = isDimension(raw) ? raw : null;
  useLiveMetrics({ source: filters.source, repo: filters.repo });
  const summary = useQuery(summaryQuery(metricQueryOf(filters)));
  const empty = <EmptyHint filters={filters} onClear={clear} />;

  return (
    <div className="space-y-4">
      <MetricFilterBar label="Filter insights" filters={filters} onChange={set} onClear={clear} />
      <InsightsSummary query={summary} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted">Times are in your time zone; hover a chart for exact values.</p>
        <div className="flex items-center gap-2">
          <label htmlFor="insights-group-by" className="text-xs font-medium text-muted">
            Split success rate and duration by
          </label>
          <div className="w-44">
            <select
              id="insights-group-by"
              value={groupBy ?? ""}
              onChange={(event) => setParam(GROUP_PARAM, event.target.value)}
              className={inputClass}
            >
              <option value="">Nothing (all jobs)</option>
              {DIMENSIONS.map((dimension) => (
                <option key={dimension} value={dimension}>
                  {DIMENSION_NAMES[dimension]}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <InsightsCharts filters={filters} groupBy={groupBy} empty={empty} />
      <InsightsTables filters={filters} empty={empty} />
      <QueueDepthPanel
        window={filters.window}
        pool={param(DEPTH_POOL_PARAM) ?? ""}
        onPoolChange={(pool) => setParam(DEPTH_POOL_PARAM, pool)}
      />
    </div>
  );
}

/** What an empty chart says: why it is empty, and what would fill it. */
function EmptyHint({ filters, onClear }: { filters: MetricFilters; onClear: () => void }) {
  if (hasMetricFilters(filters)) {
    return (
      <>
        No jobs match these filters in {windowName(filters.window)}.{" "}
        <button type="button" onClick={onClear} className={linkClass}>
          Clear filters
        </button>{" "}
        or pick a longer window.
      </>
    );
  }
  return (
    <>
      No jobs finished in {windowName(filters.window)}. Connect a CI system on the{" "}
      <Link href="/sources" className={linkClass}>
        Sources
      </Link>{" "}
      page, or run <code className="font-mono text-foreground">npm run demo</code>.
    </>
  );
}
