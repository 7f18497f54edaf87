"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { SearchX, Server } from "lucide-react";
import { useMemo } from "react";
import type { Job } from "@/lib/job";
import type { RunnerStatus } from "@/lib/runner";
import { ACTIVE_PARAMS, jobListQuery } from "@/components/api/job-queries";
import { runnerListQuery } from "@/components/api/runner-queries";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { RunnerFilterBar } from "./runner-filter-bar";
import { groupByPool, hasRunnerFilters, matchesRunner, useRunnerFilters } from "./runner-filters";
import { RunnerPool } from "./runner-pool";
import { RUNNER_STATUS_STYLES } from "./runner-status";
import { linkClass } from "@/components/ui/classes";

/**
 * The Runners page body: URL-driven filters over every runner, grouped by
 * label pool, kept current by `runners:updated`. Reads `useSearchParams`;
 * render inside `<Suspense>`.
 */
export function RunnerBoard() {
  const { filters, set, clear } = useRunnerFilters();
  const runners = useQuery(runnerListQuery());
  // Names of the jobs busy runners are on: the same live list the Live page shows.
  const active = useQuery(jobListQuery(ACTIVE_PARAMS));
  const activeJobs = useMemo(
    () => new Map<string, Job>((active.data?.items ?? []).map((job) => [job.id, job])),
    [active.data],
  );
  // A runner retired while the page was open (its hosted or ephemeral job over) leaves the list.
  const all = useMemo(() => runners.data?.items.filter((runner) => !runner.retired), [runners.data]);
  const groups = useMemo(
    () => groupByPool((all ?? []).filter((runner) => matchesRunner(runner, filters))),
    [all, filters],
  );
  const totals = useMemo(() => {
    const counts: Record<RunnerStatus, number> = { busy: 0, idle: 0, offline: 0 };
    for (const runner of all ?? []) counts[runner.status]++;
    return counts;
  }, [all]);

  return (
    <div className="space-y-4">
      <dl aria-live="polite" aria-atomic="false" className="grid grid-cols-3 gap-3 sm:max-w-xl">
        {(["busy", "idle", "offline"] as const).map((status) => (
          <div key={status} className="rounded-xl border border-border bg-surface px-4 py-3 shadow-sm">
            <dt className="flex items-center gap-1.5 text-xs font-medium uppercase tracking-wide text-muted">
              <span aria-hidden className={`size-2 rounded-full ${RUNNER_STATUS_STYLES[status].dot}`} />
              {RUNNER_STATUS_STYLES[status].label}
            </dt>
            <dd data-testid={`runners-total-${status}`} className="mt-1 text-2xl font-semibold tabular-nums">
              {all ? totals[status] : "–"}
            </dd>
          </div>
        ))}
      </dl>

      <RunnerFilterBar filters={filters} onChange={set} onClear={clear} />

      {runners.isPending ? (
        <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
          <TableSkeleton label="Loading runners" rows={6} />
        </div>
      ) : runners.isError && !runners.data ? (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          <QueryError what="runners" error={runners.error} onRetry={() => void runners.refetch()} />
        </div>
      ) : groups.length === 0 ? (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          {all && all.length > 0 && hasRunnerFilters(filters) ? (
            <EmptyState
              icon={<SearchX className="size-6" aria-hidden />}
              title="No runners match these filters"
            >
              <button type="button" onClick={clear} className={linkClass}>
                Clear filters
              </button>{" "}
              to see every runner.
            </EmptyState>
          ) : (
            <EmptyState icon={<Server className="size-6" aria-hidden />} title="No runners seen yet">
              Runners appear here as soon as a webhook reports a job picked up by one (or, for Buildkite, an
              agent connecting). Connect a CI system on the{" "}
              <Link href="/sources" className={linkClass}>
                Sources
              </Link>{" "}
              page.
            </EmptyState>
          )}
        </div>
      ) : (
        <div className="space-y-4">
          {groups.map((group) => (
            <RunnerPool key={group.pool} group={group} activeJobs={activeJobs} />
          ))}
        </div>
      )}
    </div>
  );
}
