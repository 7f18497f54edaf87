import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/query-state";
import { failuresQuery } from "@/components/api/metrics-queries";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { metricFiltersFromSearchParams, metricQueryOf } from "@/components/insights/metric-filters-url";
import { TriageBoard } from "@/components/triage/triage-board";

export const metadata: Metadata = { title: "Triage" };

/** Props of the Triage route. */
export interface TriagePageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/triage`: recent failures grouped by cause or workflow, each opening onto its failing jobs, live. */
export default async function TriagePage({ searchParams }: TriagePageProps) {
  const search = toSearchParams(await searchParams);
  const filters = metricQueryOf(metricFiltersFromSearchParams(search));
  // As TriageBoard reads them: `?group=workflow` or by cause, `?outcome=cancelled` or failures, 10 jobs per group.
  const groupBy = search.get("group") === "workflow" ? "workflow" : "cause";
  const outcome = search.get("outcome") === "cancelled" ? { outcome: "cancelled" as const } : {};
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Triage</h1>
        <p className="text-sm text-muted">
          What broke, grouped so the biggest problem comes first. Open a group to see its failing jobs, the
          step that failed, and the vendor&apos;s own reason.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading failures" rows={6} />}>
        <Prefetch
          load={(client) => [
            client.prefetchQuery(failuresQuery({ ...filters, groupBy, sample: 10, ...outcome })),
          ]}
        >
          <TriageBoard />
        </Prefetch>
      </Suspense>
    </div>
  );
}
