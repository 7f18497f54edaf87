import type { Metadata } from "next";
import { Suspense } from "react";
import { jobHistoryQuery } from "@/components/api/job-queries";
import { filtersFromSearchParams } from "@/components/api/jobs-api";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { JobsExplorer } from "@/components/jobs/jobs-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Jobs" };

/** Props of the Jobs route. */
export interface JobsPageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/jobs`: filterable, paginated job history (first page rendered on the server). Filters live in the query string. */
export default async function JobsPage({ searchParams }: JobsPageProps) {
  const filters = filtersFromSearchParams(toSearchParams(await searchParams));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Jobs</h1>
        <p className="text-sm text-muted">
          Every job Runwatch has seen, newest first. Filters are kept in the URL.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading jobs" rows={8} />}>
        <Prefetch load={(client) => [client.prefetchInfiniteQuery(jobHistoryQuery(filters))]}>
          <JobsExplorer />
        </Prefetch>
      </Suspense>
    </div>
  );
}
