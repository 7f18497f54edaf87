import type { Metadata } from "next";
import { Suspense } from "react";
import { InsightsExplorer } from "@/components/insights/insights-explorer";
import { ChartSkeleton } from "@/components/insights/metric-panel";

export const metadata: Metadata = { title: "Insights" };

/** `/insights`: success rate, durations, queue times, failures and workflow health over a window, live. */
export default function InsightsPage() {
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
        <InsightsExplorer />
      </Suspense>
    </div>
  );
}
