import type { Metadata } from "next";
import { Suspense } from "react";
import { AdminGate } from "@/components/auth/admin-gate";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Audit" };

/** `/audit` (admin): the hash-chained audit log, with filters in the URL, verification and export. */
export default function AuditPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
        <p className="max-w-prose text-sm text-muted">
          Security-relevant events, newest first. Each entry is chained to the one before it by a SHA-256
          hash, so an edited or deleted entry shows up when you verify the chain.
        </p>
      </div>
      <AdminGate what="the audit log">
        <Suspense fallback={<TableSkeleton label="Loading the audit log" rows={8} />}>
          <AuditExplorer />
        </Suspense>
      </AdminGate>
    </div>
  );
}
