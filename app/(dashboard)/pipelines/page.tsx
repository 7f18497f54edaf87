import type { Metadata } from "next";
import { Suspense } from "react";
import { PipelineExplorer } from "@/components/runs/pipeline-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Pipelines" };

/** `/pipelines`: pipeline runs across every source, newest first, live. Filters live in the query string. */
export default function PipelinesPage() {
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
        <PipelineExplorer />
      </Suspense>
    </div>
  );
}
