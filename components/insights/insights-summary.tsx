"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { SUCCESS_RATE_DEFINITION, type MetricsSummary } from "@/lib/metrics";
import { formatCount, formatPercent } from "@/components/common/chart-format";
import { formatDuration } from "@/components/common/format";
import { QueryError } from "@/components/ui/query-state";

/** Props of {@link InsightsSummary}. */
export interface InsightsSummaryProps {
  query: Pick<
    UseQueryResult<MetricsSummary>,
    "data" | "error" | "isPending" | "isError" | "isPlaceholderData" | "refetch"
  >;
}

interface Card {
  id: string;
  label: string;
  value: (s: MetricsSummary) => string;
  detail: (s: MetricsSummary) => ReactNode;
}

const CARDS: readonly Card[] = [
  {
    id: "success-rate",
    label: "Success rate",
    value: (s) => formatPercent(s.successRate),
    detail: (s) => (
      <span title={SUCCESS_RATE_DEFINITION}>
        {formatCount(s.counts.success)} passed · {formatCount(s.counts.failure + s.counts.timed_out)} failed ·{" "}
        {formatCount(s.counts.cancelled)} cancelled
      </span>
    ),
  },
  {
    id: "duration-p50",
    label: "Duration p50",
    value: (s) => formatDuration(s.durationMs.p50),
    detail: (s) => `p90 ${formatDuration(s.durationMs.p90)} · mean ${formatDuration(s.durationMs.mean)}`,
  },
  {
    id: "duration-p95",
    label: "Duration p95",
    value: (s) => formatDuration(s.durationMs.p95),
    detail: (s) => `p99 ${formatDuration(s.durationMs.p99)} · max ${formatDuration(s.durationMs.max)}`,
  },
  {
    id: "queue-p95",
    label: "Queue time p95",
    value: (s) => formatDuration(s.queueMs.p95),
    detail: (s) => `p50 ${formatDuration(s.queueMs.p50)} · max ${formatDuration(s.queueMs.max)}`,
  },
  {
    id: "throughput",
    label: "Jobs finished",
    value: (s) => formatCount(s.throughput.finished),
    detail: (s) => `${formatCount(s.throughput.started)} started`,
  },
  {
    id: "active",
    label: "Running now",
    value: (s) => formatCount(s.counts.running),
    detail: (s) => (
      <>
        {formatCount(s.counts.queued)} queued
        {s.lost > 0 && <span className="text-red-700 dark:text-red-300"> · {formatCount(s.lost)} lost</span>}
      </>
    ),
  },
];

/** The headline figures of the window as a row of cards; each keeps its last value while refetching. */
export function InsightsSummary({ query }: InsightsSummaryProps) {
  const summary = query.data;
  if (query.isError && !summary) {
    return (
      <div className="rounded-xl border border-border bg-surface shadow-sm">
        <QueryError what="the summary" error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  return (
    <div className="space-y-1.5">
      <dl
        aria-busy={query.isPending || query.isPlaceholderData || undefined}
        className={`grid grid-cols-2 gap-3 transition-opacity sm:grid-cols-3 xl:grid-cols-6 ${query.isPlaceholderData ? "opacity-60" : ""}`}
      >
        {CARDS.map((card) => (
          <div
            key={card.id}
            className="min-w-0 rounded-xl border border-border bg-surface px-4 py-3 shadow-sm"
          >
            <dt className="truncate text-xs font-medium uppercase tracking-wide text-muted">{card.label}</dt>
            <dd className="mt-1">
              {summary ? (
                <>
                  <span
                    data-testid={`summary-${card.id}`}
                    className="block text-2xl font-semibold tabular-nums"
                  >
                    {card.value(summary)}
                  </span>
                  <span className="block truncate text-xs text-muted tabular-nums">
                    {card.detail(summary)}
                  </span>
                </>
              ) : (
                <span
                  role="status"
                  aria-label={`Loading ${card.label.toLowerCase()}`}
                  className="block space-y-1.5 pt-1"
                >
                  <span className="block h-6 w-20 animate-pulse rounded bg-surface-muted" />
                  <span className="block h-3 w-28 animate-pulse rounded bg-surface-muted" />
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p data-testid="success-rate-definition" className="text-xs text-muted">
        Success rate: {SUCCESS_RATE_DEFINITION.charAt(0).toLowerCase() + SUCCESS_RATE_DEFINITION.slice(1)}
      </p>
    </div>
  );
}
