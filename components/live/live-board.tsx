"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Activity, Inbox, SearchX } from "lucide-react";
import type { Job } from "@/lib/job";
import { RECENT_LIMIT, jobListQuery } from "@/components/api/job-queries";
import { JobTable } from "@/components/jobs/job-table";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { Panel } from "@/components/ui/panel";
import { linkClass } from "@/components/ui/classes";
import { LiveFilterBar } from "./live-filter-bar";
import { LiveDiagnoses } from "./live-diagnoses";
import { hasLiveFilters } from "./live-filters";
import { LIVE_ACTIVE_MAX, liveFinishedParams } from "./live-queries";
import { useActiveJobs } from "./use-active-jobs";
import { useLiveFilters } from "./use-live-filters";
import { useWindowRows } from "./use-window-rows";

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** Running jobs first, then waiting and queued; oldest first within each group. */
export function sortActive(jobs: Job[]): Job[] {
  const rank = (job: Job) => (job.status === "running" ? 0 : 1);
  const since = (job: Job) => (job.status === "running" ? time(job.startedAt) : time(job.queuedAt));
  return [...jobs].sort((a, b) => rank(a) - rank(b) || since(a) - since(b) || (a.id < b.id ? -1 : 1));
}

function Counter({ label, value, tone }: { label: string; value: number | null; tone: string }) {
  return (
    <div className="rounded-xl border border-border bg-surface px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{value ?? "–"}</dd>
    </div>
  );
}

/** A job row's height before one is measured (two lines of text and the cell padding). */
const ROW_ESTIMATE = 57;

/**
 * The Live page: filters (in the URL), counters, every in-progress job in one
 * virtualised list that scrolls with the page, and the recently finished jobs,
 * all updating from the socket. Reads `useSearchParams`: render inside `<Suspense>`.
 */
export function LiveBoard() {
  const { filters, jobFilters, me, set, clear } = useLiveFilters();
  const { query: active, jobs: loaded, capped } = useActiveJobs(jobFilters);
  const recent = useQuery(jobListQuery(liveFinishedParams(jobFilters, RECENT_LIMIT)));
  const activeJobs = useMemo(() => sortActive(loaded), [loaded]);
  const recentJobs = recent.data?.items ?? [];
  const rows = useWindowRows(activeJobs.length, {
    estimate: ROW_ESTIMATE,
    rowSelector: '[data-testid="job-row"]',
  });
  const shown = activeJobs.slice(rows.window.start, rows.window.end);

  const running = active.data ? activeJobs.filter((j) => j.status === "running").length : null;
  const queued = active.data ? activeJobs.length - (running ?? 0) : null;
  const failed = recent.data
    ? recentJobs.filter((j) => j.status === "failure" || j.status === "timed_out").length
    : null;
  const filtered = hasLiveFilters(filters);
  const noJobsAtAll = !filtered && activeJobs.length === 0 && recent.data?.items.length === 0;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Live</h1>
          <p className="text-sm text-muted">
            Every job in flight across your runners, updated as it happens.
          </p>
        </div>
      </div>

      <LiveDiagnoses />

      <LiveFilterBar filters={filters} me={me} onChange={set} onClear={clear} />

      <dl aria-live="polite" aria-atomic="false" className="grid grid-cols-3 gap-3 sm:max-w-xl">
        <Counter label="Running" value={running} tone="text-sky-700 dark:text-sky-300" />
        <Counter label="Queued" value={queued} tone="text-amber-700 dark:text-amber-300" />
        <Counter
          label={`Failed (last ${RECENT_LIMIT})`}
          value={failed}
          tone={failed ? "text-red-700 dark:text-red-300" : ""}
        />
      </dl>

      <Panel
        headingId="live-active-heading"
        data-testid="live-active"
        title={
          <>
            In progress
            {active.data && <CountPill count={activeJobs.length} />}
          </>
        }
        actions={
          capped ? (
            <span className="text-xs text-muted">
              Showing the newest {LIVE_ACTIVE_MAX}.{" "}
              <Link href="/jobs?status=queued,waiting,running" className={linkClass}>
                See all
              </Link>
            </span>
          ) : null
        }
      >
        {active.isPending ? (
          <TableSkeleton label="Loading in-progress jobs" rows={4} />
        ) : active.isError && !active.data ? (
          <QueryError what="in-progress jobs" error={active.error} onRetry={() => void active.refetch()} />
        ) : noJobsAtAll ? (
          <EmptyState icon={<Inbox className="size-6" aria-hidden />} title="No jobs yet">
            Point a GitHub webhook at{" "}
            <code className="font-mono text-foreground">/api/v1/webhooks/github</code> (event:{" "}
            <em>Workflow jobs</em>) or run <code className="font-mono text-foreground">npm run demo</code> to
            simulate a cluster. Jobs appear here the moment they are queued.
          </EmptyState>
        ) : activeJobs.length === 0 ? (
          filtered ? (
            <EmptyState icon={<SearchX className="size-6" aria-hidden />} title="Nothing in progress matches">
              Jobs matching these filters appear here as soon as they are queued.
            </EmptyState>
          ) : (
            <EmptyState icon={<Activity className="size-6" aria-hidden />} title="Nothing in progress">
              All runners are idle. New jobs appear here as soon as they are queued.
            </EmptyState>
          )
        ) : (
          // The page scrolls as one: no nested scroller; only the rows near the viewport are rendered.
          <div ref={rows.ref}>
            <JobTable
              jobs={shown}
              variant="active"
              caption={`Jobs in progress (${activeJobs.length})`}
              padTop={rows.window.padTop}
              padBottom={rows.window.padBottom}
            />
          </div>
        )}
      </Panel>

      <Panel
        headingId="live-finished-heading"
        data-testid="live-finished"
        title="Recently finished"
        actions={
          <Link href="/jobs" className={`text-xs ${linkClass}`}>
            Full history
          </Link>
        }
      >
        {recent.isPending ? (
          <TableSkeleton label="Loading recently finished jobs" rows={6} />
        ) : recent.isError && !recent.data ? (
          <QueryError what="finished jobs" error={recent.error} onRetry={() => void recent.refetch()} />
        ) : recentJobs.length === 0 ? (
          <EmptyState icon={<Inbox className="size-6" aria-hidden />} title="No finished jobs yet">
            {filtered
              ? "Finished jobs matching these filters show up here."
              : "Finished jobs show up here with their final queue time and duration."}
          </EmptyState>
        ) : (
          <JobTable jobs={recentJobs} variant="finished" caption="Recently finished jobs" />
        )}
      </Panel>
    </div>
  );
}

function CountPill({ count }: { count: number }) {
  return (
    <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium tabular-nums text-muted">
      {count}
    </span>
  );
}
