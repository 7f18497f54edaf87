import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/query-state";
import { TriageBoard } from "@/components/triage/triage-board";

export const metadata: Metadata = { title: "Triage" };

/** `/triage`: recent failures grouped by cause or workflow, each opening onto its failing jobs, live. */
export default function TriagePage() {
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
        <TriageBoard />
      </Suspense>
    </div>
  );
}
