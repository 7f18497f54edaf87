import type { Metadata } from "next";
import { Suspense } from "react";
import { AdminGate } from "@/components/auth/admin-gate";
import { EvidenceView } from "@/components/evidence/evidence-view";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Evidence" };

/**
 * `/evidence` (admin or auditor): the five questions an auditor asks —
 * security, performance, compliance, integrity, resources — each control with
 * its status, figures and how they were measured; and the access review.
 */
export default function EvidencePage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Audit evidence</h1>
        <p className="max-w-prose text-sm text-muted">
          What an auditor asks of this server, answered live with the numbers behind each answer and how they
          were measured. The rules behind each status are in docs/evidence.md.
        </p>
      </div>
      <AdminGate what="the audit evidence" allowAuditor>
        <Suspense fallback={<TableSkeleton label="Collecting the evidence" rows={8} />}>
          <EvidenceView />
        </Suspense>
      </AdminGate>
    </div>
  );
}
