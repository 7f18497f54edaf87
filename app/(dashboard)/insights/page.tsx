import type { Metadata } from "next";
import { Suspense } from "react";
import { summaryQuery } from "@/components/api/metrics-queries";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { InsightsExplorer } from "@/components/insights/insights-explorer";
import { metricFiltersFromSearchParams, metricQueryOf } from "@/components/insights/metric-filters-url";
import { ChartSkeleton } from "@/components/insights/metric-panel";

export const metadata: Metadata = { title: "Insights" };

/** Props of the Insights route. */
export interface InsightsPageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/insights`: success rate, durations, queue times, failures and workflow health over a window, live. */
export default async function InsightsPage({ searchParams }: InsightsPageProps) {
  const filters = metricFiltersFromSearchParams(toSearchParams(await searchParams));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Insights</h1>
        <p className="text-sm text-muted">
          How your CI is doing over time: reliability, speed, waiting, and where it breaks. Filters live in
          the URL, so a link shares the view.
        </p>
      </div>
      <Suspense fallback={<ChartSkeleton label="Loading insights" />}>
        <Prefetch load={(client) => [client.prefetchQuery(summaryQuery(metricQueryOf(filters)))]}>
          <InsightsExplorer />
        </Prefetch>
      </Suspense>
    </div>
  );
}
