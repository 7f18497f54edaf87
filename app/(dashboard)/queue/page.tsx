import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/query-state";
import { queueQuery, runnerMetricsQuery } from "@/components/api/metrics-queries";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { metricFiltersFromSearchParams, metricQueryOf } from "@/components/insights/metric-filters-url";
import { QueueBoard } from "@/components/queue/queue-board";

export const metadata: Metadata = { title: "Queue" };

/** Props of the Queue route. */
export interface QueuePageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/queue`: every label pool now — waiting jobs, runners, utilisation and stuck jobs — live. */
export default async function QueuePage({ searchParams }: QueuePageProps) {
  const { window, source, label } = metricQueryOf(
    metricFiltersFromSearchParams(toSearchParams(await searchParams)),
  );
  // The scope QueueBoard builds: the window, and the source and label when set.
  const scope = { window, ...(source ? { source } : {}), ...(label ? { label } : {}) };
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Queue</h1>
        <p className="text-sm text-muted">
          Jobs waiting for a runner, per label pool: how long they wait, whether the pool has capacity, and
          which jobs nothing can pick up.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading the queue" rows={6} />}>
        <Prefetch
          load={(client) => [
            client.prefetchQuery(queueQuery(scope)),
            client.prefetchQuery(runnerMetricsQuery(scope)),
          ]}
        >
          <QueueBoard />
        </Prefetch>
      </Suspense>
    </div>
  );
}
