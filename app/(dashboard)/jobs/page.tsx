import type { Metadata } from "next";
import { Suspense } from "react";
import { JobsExplorer } from "@/components/jobs/jobs-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Jobs" };

/** `/jobs`: filterable, paginated job history. Filters live in the query string. */
export default function JobsPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Jobs</h1>
        <p className="text-sm text-muted">
          Every job Runwatch has seen, newest first. Filters are kept in the URL.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading jobs" rows={8} />}>
        <JobsExplorer />
      </Suspense>
    </div>
  );
}
