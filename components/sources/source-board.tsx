"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/ui/query-state";
import { SourceCard } from "./source-card";
import { sourceListQuery } from "@/components/api/source-queries";

/** The Sources page body: one card per webhook source, live. */
export function SourceBoard() {
  const sources = useQuery(sourceListQuery());

  if (sources.isPending) return <SourceBoardSkeleton />;
  if (sources.isError && !sources.data) {
    return (
      <div className="rounded-xl border border-border bg-surface shadow-sm">
        <QueryError what="webhook sources" error={sources.error} onRetry={() => void sources.refetch()} />
      </div>
    );
  }
  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      {sources.data.items.map((source) => (
        <SourceCard key={source.source} source={source} />
      ))}
    </div>
  );
}

/** Placeholder cards while the sources load. */
export function SourceBoardSkeleton() {
  return (
    <div role="status" aria-label="Loading webhook sources" className="grid gap-4 lg:grid-cols-2">
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="space-y-4 rounded-xl border border-border bg-surface p-4 shadow-sm">
          <div className="flex items-center gap-3">
            <div className="size-10 animate-pulse rounded-lg bg-surface-muted" />
            <div className="flex-1 space-y-1.5">
              <div className="h-4 w-24 animate-pulse rounded bg-surface-muted" />
              <div className="h-3 w-40 animate-pulse rounded bg-surface-muted" />
            </div>
          </div>
          <div className="h-8 animate-pulse rounded-md bg-surface-muted" />
          <div className="grid grid-cols-5 gap-2">
            {Array.from({ length: 5 }, (_, j) => (
              <div key={j} className="h-14 animate-pulse rounded-lg bg-surface-muted" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
