import type { Metadata } from "next";
import { Suspense } from "react";
import { Prefetch } from "@/components/api/prefetch";
import { runFiltersFromSearchParams } from "@/components/api/run-api";
import { runListQuery } from "@/components/api/run-queries";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { PipelineExplorer } from "@/components/runs/pipeline-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Pipelines" };

/** Props of the Pipelines route. */
export interface PipelinesPageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/pipelines`: pipeline runs across every source, newest first, live. Filters live in the query string. */
export default async function PipelinesPage({ searchParams }: PipelinesPageProps) {
  const filters = runFiltersFromSearchParams(toSearchParams(await searchParams));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Pipelines</h1>
        <p className="text-sm text-muted">
          Every workflow run, pipeline and build across your CI systems, newest first. Expand a run to see its
          jobs.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading pipeline runs" rows={8} />}>
        <Prefetch load={(client) => [client.prefetchInfiniteQuery(runListQuery(filters))]}>
          <PipelineExplorer />
        </Prefetch>
      </Suspense>
    </div>
  );
}
