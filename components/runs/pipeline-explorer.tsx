"use client";

import Link from "next/link";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { SearchX, Workflow } from "lucide-react";
import { useMemo } from "react";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { hasRunFilters } from "@/components/api/run-api";
import { RunFilterBar } from "./run-filters";
import { useRunFilters } from "./run-filter-state";
import { runListQuery } from "@/components/api/run-queries";
import { RunTable } from "./run-table";
import { buttonClass, linkClass } from "@/components/ui/classes";

/**
 * The Pipelines page body: URL-driven filters over the cursor-paginated run
 * list, kept current by live patches. Reads `useSearchParams`; render inside `<Suspense>`.
 */
export function PipelineExplorer() {
  const { filters, setText, setSource, setStatuses, clear } = useRunFilters();
  const list = useInfiniteQuery({ ...runListQuery(filters), placeholderData: keepPreviousData });
  const runs = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const filtered = hasRunFilters(filters);

  return (
    <div className="space-y-4">
      <RunFilterBar
        filters={filters}
        onTextChange={setText}
        onSourceChange={setSource}
        onStatusesChange={setStatuses}
        onClear={clear}
      />

      <section
        aria-labelledby="runs-results-heading"
        aria-busy={list.isFetching && !list.isFetchingNextPage}
        className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
      >
        <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
          <h2 id="runs-results-heading" className="text-sm font-semibold">
            {filtered ? "Matching runs" : "All runs"}
          </h2>
          <span className="text-xs tabular-nums text-muted">
            {list.isPlaceholderData ? "Updating…" : list.data ? `${runs.length} shown` : ""}
          </span>
        </div>

        {list.isPending ? (
          <TableSkeleton label="Loading pipeline runs" rows={8} />
        ) : list.isError && !list.data ? (
          <QueryError what="pipeline runs" error={list.error} onRetry={() => void list.refetch()} />
        ) : runs.length === 0 ? (
          filtered ? (
            <EmptyState icon={<SearchX className="size-6" aria-hidden />} title="No runs match these filters">
              <button type="button" onClick={clear} className={linkClass}>
                Clear filters
              </button>{" "}
              to see every run.
            </EmptyState>
          ) : (
            <EmptyState icon={<Workflow className="size-6" aria-hidden />} title="No runs yet">
              Point a CI webhook at Runwatch — the{" "}
              <Link href="/sources" className={linkClass}>
                Sources
              </Link>{" "}
              page has the exact URL and setup steps for GitHub, GitLab, Buildkite, Jenkins and any script. Or
              run <code className="font-mono text-foreground">npm run demo</code> to simulate a cluster.
            </EmptyState>
          )
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <RunTable runs={runs} caption="Pipeline runs, newest first" />
          </div>
        )}

        {list.hasNextPage && !list.isPlaceholderData && (
          <div className="flex justify-center border-t border-border px-4 py-3">
            <button
              type="button"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
              className={buttonClass.secondary}
            >
              {list.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {list.isFetchNextPageError && (
          <QueryError what="more runs" error={list.error} onRetry={() => void list.fetchNextPage()} />
        )}
      </section>
    </div>
  );
}
