"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { ChartNoAxesColumn } from "lucide-react";
import type { ReactNode } from "react";
import { QueryError, TableSkeleton } from "@/components/ui/query-state";

/** Props of {@link MetricPanel}. */
export interface MetricPanelProps<T> {
  title: ReactNode;
  /** id of the heading, for `aria-labelledby`. */
  headingId: string;
  /** A line under the title saying what is plotted. */
  description?: ReactNode;
  actions?: ReactNode;
  query: Pick<
    UseQueryResult<T>,
    "data" | "error" | "isPending" | "isError" | "isPlaceholderData" | "refetch"
  >;
  /** What is loaded, for the loading and error messages: "success rate". */
  what: string;
  isEmpty: (data: T) => boolean;
  /** Shown instead of the content when `isEmpty`. */
  empty: ReactNode;
  /** Loading placeholder shape. */
  skeleton?: "chart" | "table";
  /** Extra classes of the section (grid placement). */
  className?: string;
  "data-testid"?: string;
  children: (data: T) => ReactNode;
}

/**
 * A titled card around one metric query, in every state: a skeleton while
 * the first answer loads, an error with a retry, an empty state, and the
 * content. While a new filter's answer loads, the previous one stays
 * (dimmed) so charts do not flash; live refetches swap figures in place.
 */
export function MetricPanel<T>({
  title,
  headingId,
  description,
  actions,
  query,
  what,
  isEmpty,
  empty,
  skeleton = "chart",
  className = "",
  "data-testid": testId,
  children,
}: MetricPanelProps<T>) {
  const { data } = query;
  let body: ReactNode;
  if (query.isPending) {
    body =
      skeleton === "chart" ? (
        <ChartSkeleton label={`Loading ${what}`} />
      ) : (
        <TableSkeleton label={`Loading ${what}`} rows={5} />
      );
  } else if (query.isError && data === undefined) {
    body = <QueryError what={what} error={query.error} onRetry={() => void query.refetch()} />;
  } else if (data === undefined || isEmpty(data)) {
    body = <PanelEmpty>{empty}</PanelEmpty>;
  } else {
    body = children(data);
  }
  return (
    <section
      aria-labelledby={headingId}
      aria-busy={query.isPlaceholderData || undefined}
      data-testid={testId}
      data-state={query.isPending ? "loading" : data !== undefined && isEmpty(data) ? "empty" : "ready"}
      className={`flex min-w-0 flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-sm ${className}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-border px-4 py-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-muted">{description}</p>}
        </div>
        {actions}
      </div>
      <div
        className={`flex-1 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`}
        data-updating={query.isPlaceholderData || undefined}
      >
        {body}
      </div>
    </section>
  );
}

/** Props of {@link ChartSkeleton}. */
export interface ChartSkeletonProps {
  label: string;
  /** Height class of the placeholder; matches the chart it stands for. */
  height?: string;
}

const SKELETON_BARS = [38, 52, 45, 61, 58, 70, 66, 74, 63, 80, 72, 68, 77, 84, 71, 79];

/** A placeholder shaped like a chart while it loads. */
export function ChartSkeleton({ label, height = "h-64" }: ChartSkeletonProps) {
  return (
    <div role="status" aria-label={label} className={`flex items-end gap-1.5 px-4 pt-6 pb-8 ${height}`}>
      {SKELETON_BARS.map((percent, i) => (
        <div
          key={i}
          className="flex-1 animate-pulse rounded-t bg-surface-muted"
          style={{ height: `${percent}%` }}
        />
      ))}
    </div>
  );
}

/** The empty state inside a metric card: compact, with a hint of what would fill it. */
export function PanelEmpty({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-full min-h-40 flex-col items-center justify-center gap-2 px-6 py-8 text-center">
      <ChartNoAxesColumn aria-hidden className="size-6 text-muted" />
      <div className="max-w-sm text-sm text-muted">{children}</div>
    </div>
  );
}
