import type { Metadata } from "next";
import { Suspense } from "react";
import { auditLogQuery } from "@/components/api/auth-queries";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { AdminGate } from "@/components/auth/admin-gate";
import { auditFiltersFromSearchParams, toAuditApiFilters } from "@/components/audit/audit-params";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Audit" };

/** Props of the Audit route. */
export interface AuditPageProps {
  searchParams: Promise<PageSearchParams>;
}

/** `/audit` (admin or auditor): the hash-chained audit log, with filters in the URL, verification and export. */
export default async function AuditPage({ searchParams }: AuditPageProps) {
  const filters = toAuditApiFilters(auditFiltersFromSearchParams(toSearchParams(await searchParams)));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
        <p className="max-w-prose text-sm text-muted">
          Security-relevant events, newest first. Each entry is chained to the one before it by a keyed hash,
          and the chain&apos;s head is checkpointed outside the database, so an edited, deleted or recomputed
          entry shows up when you verify the chain.
        </p>
      </div>
      <AdminGate what="the audit log" allowAuditor>
        <Suspense fallback={<TableSkeleton label="Loading the audit log" rows={8} />}>
          <Prefetch load={(client) => [client.prefetchInfiniteQuery(auditLogQuery(filters))]}>
            <AuditExplorer />
          </Prefetch>
        </Suspense>
      </AdminGate>
    </div>
  );
}
