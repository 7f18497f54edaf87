"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import { formatCount } from "@/components/common/chart-format";
import { metricQueryOf, useMetricFilters } from "@/components/insights/metric-filter-state";
import { MetricFilterBar, windowName } from "@/components/insights/metric-filters";
import { MetricPanel } from "@/components/insights/metric-panel";
import { queueQuery, runnerMetricsQuery } from "@/components/api/metrics-queries";
import { QueuePoolCard } from "./queue-pool-card";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { RunnerUtilisation } from "@/components/runners/runner-utilisation";
import { QueueDepthPanel } from "./queue-depth-panel";
import { DEPTH_POOL_PARAM } from "./queue-depth-pool-picker";
import { StuckJobs } from "./stuck-jobs";
import { StaleJobs } from "./stale-jobs";
import { useLiveDiagnoses } from "./diagnosis-list";
import { linkClass } from "@/components/ui/classes";
import { useLiveMetrics } from "@/components/insights/use-live-metrics";

/** The Queue page offers only the filters `/metrics/queue` and `/metrics/runners` accept. */
const QUEUE_FIELDS = ["label"] as const;

/**
 * The Queue page body: every label pool now (queued jobs, the oldest one's
 * age ticking, runners by state, utilisation, capacity hints), stuck jobs,
 * and runner utilisation over the window. Live via `metrics:updated` and
 * `runners:updated`. Reads `useSearchParams`; render inside `<Suspense>`.
 */
export function QueueBoard() {
  const { filters, set, setParam, param, clear } = useMetricFilters();
  const { window, source, label } = metricQueryOf(filters);
  const scope = { window, ...(source ? { source } : {}), ...(label ? { label } : {}) };
  useLiveMetrics({ source, runners: true });
  useLiveDiagnoses();
  const queue = useQuery(queueQuery(scope));
  const runners = useQuery(runnerMetricsQuery(scope));
  const data = queue.data;
  const online = data?.pools.reduce((sum, pool) => sum + pool.runners.online, 0);
  const totals = [
    { id: "queued", label: "Queued now", value: data?.queued },
    { id: "stuck", label: "Stuck", value: data?.stuck, alert: (data?.stuck ?? 0) > 0 },
    { id: "pools", label: "Label pools", value: data?.pools.length },
    { id: "online", label: "Runners online", value: online },
  ];

  return (
    <div className="space-y-4">
      <MetricFilterBar
        label="Filter queue"
        filters={{ window: filters.window, source, label }}
        onChange={set}
        onClear={clear}
        fields={QUEUE_FIELDS}
      />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:max-w-3xl">
        {totals.map((total) => (
          <div key={total.id} className="rounded-xl border border-border bg-surface px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium uppercase tracking-wide text-muted">{total.label}</dt>
            <dd
              data-testid={`queue-total-${total.id}`}
              className={`mt-1 text-2xl font-semibold tabular-nums ${total.alert ? "text-red-700 dark:text-red-300" : ""}`}
            >
              {total.value === undefined ? "–" : formatCount(total.value)}
            </dd>
          </div>
        ))}
      </dl>

      {queue.isPending ? (
        <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
          <TableSkeleton label="Loading the queue" rows={4} />
        </div>
      ) : queue.isError && !data ? (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          <QueryError what="the queue" error={queue.error} onRetry={() => void queue.refetch()} />
        </div>
      ) : !data || data.pools.length === 0 ? (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          <EmptyState icon={<Layers className="size-6" aria-hidden />} title="No label pools yet">
            Pools appear as jobs ask for runner labels and runners report in. Connect a CI system on the{" "}
            <Link href="/sources" className={linkClass}>
              Sources
            </Link>{" "}
            page.
          </EmptyState>
        </div>
      ) : (
        <div
          className={`grid gap-4 sm:grid-cols-2 xl:grid-cols-3 ${queue.isPlaceholderData ? "opacity-60" : ""}`}
        >
          {data.pools.map((pool) => (
            <QueuePoolCard key={pool.pool} pool={pool} />
          ))}
        </div>
      )}

      <QueueDepthPanel
        window={window}
        pool={param(DEPTH_POOL_PARAM) ?? ""}
        onPoolChange={(pool) => setParam(DEPTH_POOL_PARAM, pool)}
      />

      <MetricPanel
        title="Stuck jobs"
        headingId="stuck-jobs-heading"
        description="Queued past 15 minutes with no online runner carrying their labels, oldest first"
        query={queue}
        what="stuck jobs"
        isEmpty={(d) => d.stuckJobs.length === 0}
        empty="No stuck jobs: every queued job has a runner that can take it."
        skeleton="table"
        data-testid="panel-stuck"
      >
        {(d) => <StuckJobs jobs={d.stuckJobs} />}
      </MetricPanel>

      <MetricPanel
        title="Stale jobs"
        headingId="stale-jobs-heading"
        description="Queued or running far beyond anything their pool has seen: probably lost"
        query={queue}
        what="stale jobs"
        isEmpty={(d) => !d.diagnoses.some((x) => x.kind === "stale_job")}
        empty="No stale jobs."
        skeleton="table"
        data-testid="panel-stale"
      >
        {(d) => <StaleJobs diagnoses={d.diagnoses.filter((x) => x.kind === "stale_job")} />}
      </MetricPanel>

      <MetricPanel
        title="Runner utilisation"
        headingId="utilisation-heading"
        description={`Busy time over online time in ${windowName(filters.window)}`}
        query={runners}
        what="runner utilisation"
        isEmpty={(d) => d.runners.length === 0 && d.pools.length === 0}
        empty="No runner was online in this window."
        skeleton="table"
        data-testid="panel-utilisation"
      >
        {(d) => <RunnerUtilisation data={d} />}
      </MetricPanel>
    </div>
  );
}
