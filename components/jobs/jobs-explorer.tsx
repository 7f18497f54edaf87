"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Inbox, SearchX } from "lucide-react";
import { useMemo } from "react";
import { JobFilterBar } from "./job-filters";
import { jobHistoryQuery } from "@/components/api/job-queries";
import { JobTable } from "./job-table";
import { hasFilters } from "@/components/api/jobs-api";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { useJobFilters } from "./use-job-filters";

/**
 * The Jobs page body: URL-driven filters over the cursor-paginated job history,
 * kept current by live patches. Reads `useSearchParams`; render inside `<Suspense>`.
 */
export function JobsExplorer() {
  const { filters, setText, setStatuses, clear } = useJobFilters();
  const history = useInfiniteQuery({ ...jobHistoryQuery(filters), placeholderData: keepPreviousData });
  const jobs = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);
  const filtered = hasFilters(filters);

  return (
    <div className="space-y-4">
      <JobFilterBar filters={filters} onTextChange={setText} onStatusesChange={setStatuses} onClear={clear} />

      <section
        aria-labelledby="jobs-results-heading"
        aria-busy={history.isFetching && !history.isFetchingNextPage}
        className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
      >
        <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
          <h2 id="jobs-results-heading" className="text-sm font-semibold">
            {filtered ? "Matching jobs" : "All jobs"}
          </h2>
          <span className="text-xs tabular-nums text-muted">
            {history.isPlaceholderData ? "Updating…" : history.data ? `${jobs.length} shown` : ""}
          </span>
        </div>

        {history.isPending ? (
          <TableSkeleton label="Loading jobs" rows={8} />
        ) : history.isError && !history.data ? (
          <QueryError what="jobs" error={history.error} onRetry={() => void history.refetch()} />
        ) : jobs.length === 0 ? (
          filtered ? (
            <EmptyState icon={<SearchX className="size-6" aria-hidden />} title="No jobs match these filters">
              <button
                type="button"
                onClick={clear}
                className="text-accent underline underline-offset-2 hover:decoration-2"
              >
                Clear filters
              </button>{" "}
              to see every job.
            </EmptyState>
          ) : (
            <EmptyState icon={<Inbox className="size-6" aria-hidden />} title="No jobs yet">
              Point a GitHub webhook at{" "}
              <code className="font-mono text-foreground">/api/v1/webhooks/github</code> or run{" "}
              <code className="font-mono text-foreground">npm run demo</code>.
            </EmptyState>
          )
        ) : (
          <div className={history.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <JobTable jobs={jobs} variant="history" caption="Job history" data-testid="jobs-table" />
          </div>
        )}

        {history.hasNextPage && !history.isPlaceholderData && (
          <div className="flex justify-center border-t border-border px-4 py-3">
            <button
              type="button"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
              className="inline-flex h-8 items-center rounded-md border border-border-strong bg-surface px-3 text-sm font-medium hover:bg-surface-muted disabled:opacity-60"
            >
              {history.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {history.isFetchNextPageError && (
          <QueryError what="more jobs" error={history.error} onRetry={() => void history.fetchNextPage()} />
        )}
      </section>
    </div>
  );
}
