"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Server } from "lucide-react";
import { ApiRequestError } from "@/components/api/api-client";
import { Duration } from "@/components/jobs/job-timing";
import { jobHref } from "@/components/api/jobs-api";
import { QueryError } from "@/components/ui/query-state";
import { runDetailQuery } from "@/components/api/run-queries";
import { LostJobMarker } from "@/components/sources/source-lost-job";
import { StatusBadge } from "@/components/common/status-badge";

/** Props of {@link RunJobs}. */
export interface RunJobsProps {
  /** The run's id (`"<source>:<runId>"`). */
  runId: string;
  /** id of the element, for the expanding button's `aria-controls`. */
  id: string;
}

/** The jobs of one run, loaded when its row is expanded and kept live; each links to its detail. */
export function RunJobs({ runId, id }: RunJobsProps) {
  const query = useQuery(runDetailQuery(runId));

  if (query.isPending) {
    return (
      <div id={id} role="status" aria-label="Loading the run's jobs" className="space-y-2 py-1">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-5 w-2/3 animate-pulse rounded bg-surface-muted" />
        ))}
      </div>
    );
  }
  if (query.isError && !query.data) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) {
      return (
        <p id={id} className="py-1 text-sm text-muted">
          Runwatch no longer holds this run (it may have been purged by retention).
        </p>
      );
    }
    return (
      <div id={id}>
        <QueryError what="this run's jobs" error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  const jobs = query.data.jobs;
  if (jobs.length === 0) {
    return (
      <p id={id} data-testid="run-jobs" className="py-1 text-sm text-muted">
        No jobs reported for this run yet. They appear here as soon as they are queued.
      </p>
    );
  }
  return (
    <ul
      id={id}
      data-testid="run-jobs"
      aria-label="Jobs of this run"
      className="divide-y divide-border overflow-hidden rounded-lg border border-border bg-surface"
    >
      {jobs.map((job) => (
        <li
          key={job.id}
          data-testid="run-job"
          data-job-id={job.id}
          data-status={job.status}
          className="flex items-center gap-3 px-3 py-1.5"
        >
          <span className="w-10 shrink-0 sm:w-24">
            <StatusBadge status={job.status} superseded={job.superseded} compact />
          </span>
          <span className="flex min-w-0 flex-1 items-center gap-2">
            <Link
              href={jobHref(job.id)}
              className="truncate font-medium text-foreground hover:text-accent hover:underline"
            >
              {job.name}
            </Link>
            {job.attempt > 1 && <span className="text-xs text-muted">#{job.attempt}</span>}
            <LostJobMarker job={job} />
          </span>
          <span
            className="flex min-w-0 max-w-[40%] items-center gap-1 truncate font-mono text-xs text-muted max-sm:hidden"
            title={job.runner.name ?? "Unassigned"}
          >
            <Server aria-hidden className="size-3.5 shrink-0" />
            <span className="sr-only">Runner: </span>
            <span className="truncate">
              {job.runner.name ?? <span className="font-sans">Unassigned</span>}
            </span>
          </span>
          <span className="w-16 shrink-0 text-right text-xs tabular-nums text-muted">
            <Duration job={job} />
          </span>
        </li>
      ))}
    </ul>
  );
}
