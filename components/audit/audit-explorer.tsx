"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Download, ScrollText, SearchX } from "lucide-react";
import { useMemo } from "react";
import { auditExportHref } from "@/components/api/auth-api";
import { auditLogQuery } from "@/components/api/auth-queries";
import { AuditFilterBar } from "./audit-filter-bar";
import { hasAuditFilters, toAuditApiFilters } from "./audit-params";
import { AuditTable } from "./audit-table";
import { VerifyButton, VerifyResult, useAuditVerification } from "./audit-verify";
import { useKeysById } from "@/components/admin/key-names";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { useAuditFilters } from "./use-audit-filters";
import { buttonClass, linkClass } from "@/components/ui/classes";

/**
 * The Audit page body: chain verification and exports, URL-driven filters and
 * the cursor-paginated log. Reads `useSearchParams`; render inside `<Suspense>`.
 */
export function AuditExplorer() {
  const { filters, set, clear } = useAuditFilters();
  const apiFilters = useMemo(() => toAuditApiFilters(filters), [filters]);
  const log = useInfiniteQuery({ ...auditLogQuery(apiFilters), placeholderData: keepPreviousData });
  const entries = useMemo(() => log.data?.pages.flatMap((page) => page.items) ?? [], [log.data]);
  const keysById = useKeysById();
  const verification = useAuditVerification();
  const filtered = hasAuditFilters(filters);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <VerifyButton state={verification} />
        <div className="flex flex-wrap items-center gap-2 sm:ml-auto">
          <span className="text-xs text-muted max-sm:basis-full">
            {filtered ? "Export matching entries:" : "Export all entries:"}
          </span>
          <a href={auditExportHref(apiFilters, "jsonl")} download className={buttonClass.secondary}>
            <Download aria-hidden className="size-4" />
            Export JSONL
          </a>
          <a href={auditExportHref(apiFilters, "csv")} download className={buttonClass.secondary}>
            <Download aria-hidden className="size-4" />
            Export CSV
          </a>
        </div>
      </div>
      <VerifyResult state={verification} />

      <AuditFilterBar filters={filters} onChange={set} onClear={clear} />

      <section
        aria-labelledby="audit-results-heading"
        aria-busy={log.isFetching && !log.isFetchingNextPage}
        className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
      >
        <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
          <h2 id="audit-results-heading" className="text-sm font-semibold">
            {filtered ? "Matching entries" : "All entries"}
          </h2>
          <span className="text-xs tabular-nums text-muted">
            {log.isPlaceholderData ? "Updating…" : log.data ? `${entries.length} shown` : ""}
          </span>
        </div>

        {log.isPending ? (
          <TableSkeleton label="Loading the audit log" rows={8} />
        ) : log.isError && !log.data ? (
          <QueryError what="the audit log" error={log.error} onRetry={() => void log.refetch()} />
        ) : entries.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={<SearchX className="size-6" aria-hidden />}
              title="No entries match these filters"
            >
              <button type="button" onClick={clear} className={linkClass}>
                Clear filters
              </button>{" "}
              to see the whole log.
            </EmptyState>
          ) : (
            <EmptyState icon={<ScrollText className="size-6" aria-hidden />} title="The audit log is empty">
              Sign-ins, key changes, webhook signature failures and rate-limit trips are recorded here.
            </EmptyState>
          )
        ) : (
          <div className={log.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <AuditTable entries={entries} keysById={keysById} />
          </div>
        )}

        {log.hasNextPage && !log.isPlaceholderData && (
          <div className="flex justify-center border-t border-border px-4 py-3">
            <button
              type="button"
              onClick={() => void log.fetchNextPage()}
              disabled={log.isFetchingNextPage}
              className={buttonClass.secondary}
            >
              {log.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {log.isFetchNextPageError && (
          <QueryError what="more entries" error={log.error} onRetry={() => void log.fetchNextPage()} />
        )}
      </section>
    </div>
  );
}
