"use client";

import Link from "next/link";
import { CircleAlert, Lightbulb } from "lucide-react";
import type { QueuePool } from "@/lib/metrics";
import { formatCount } from "@/components/common/chart-format";
import { formatDuration } from "@/components/common/format";
import { jobHref } from "@/components/api/jobs-api";
import { RUNNER_STATUS_STYLES } from "@/components/runners/runner-status";
import { UtilisationBar } from "@/components/runners/utilisation-bar";
import { JobEta } from "./job-eta";
import { WaitingAge } from "./waiting-age";
import { DiagnosisList } from "./diagnosis-list";
import { PoolRunnerList } from "./pool-runner-list";

/** Props of {@link QueuePoolCard}. */
export interface QueuePoolCardProps {
  pool: QueuePool;
}

/** A DOM-id-safe form of a pool key. */
const slug = (pool: string) => pool.replace(/[^A-Za-z0-9_-]+/g, "-");

/**
 * One label pool now: how many jobs wait and for how long, its runners by
 * state, how busy it was over the window, and a capacity hint when it needs one.
 */
export function QueuePoolCard({ pool }: QueuePoolCardProps) {
  const headingId = `queue-pool-${slug(pool.pool)}`;
  const labels = [...pool.labels].sort();
  const { online, busy, idle, offline } = pool.runners;
  return (
    <section
      aria-labelledby={headingId}
      data-testid="queue-pool"
      data-pool={pool.pool}
      data-stuck={pool.stuck > 0 || undefined}
      data-diagnosed={pool.diagnoses.length > 0 || undefined}
      className={`flex min-w-0 flex-col rounded-xl border bg-surface shadow-sm ${
        pool.stuck > 0 ? "border-red-500/60 ring-1 ring-red-500/30" : "border-border"
      }`}
    >
      <div className="flex items-start justify-between gap-3 border-b border-border px-4 py-3">
        <h2 id={headingId} className="flex min-w-0 flex-wrap items-center gap-1 text-sm font-semibold">
          <span className="sr-only">{`Pool ${pool.pool}`}</span>
          {labels.length > 0 ? (
            labels.map((label) => (
              <span
                key={label}
                aria-hidden
                className="rounded border border-border bg-surface-muted px-1.5 py-px font-mono text-xs font-medium"
              >
                {label}
              </span>
            ))
          ) : (
            <span aria-hidden className="font-mono text-[13px]">
              {pool.pool}
            </span>
          )}
        </h2>
        {pool.stuck > 0 && (
          <span className="inline-flex shrink-0 items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-inset ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30">
            <CircleAlert aria-hidden className="size-3.5" />
            {formatCount(pool.stuck)} stuck
          </span>
        )}
      </div>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-3 text-sm">
        <div>
          <dt className="text-xs text-muted">Queued</dt>
          <dd data-testid="pool-queued" className="text-2xl font-semibold tabular-nums">
            {formatCount(pool.queued)}
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-muted">Oldest waiting</dt>
          <dd className="min-w-0">
            {pool.oldest ? (
              <>
                <span className="text-2xl font-semibold">
                  <WaitingAge since={pool.oldest.queuedAt} />
                </span>
                <Link
                  href={jobHref(pool.oldest.id)}
                  className="block truncate text-xs text-muted hover:text-accent hover:underline"
                  title={`${pool.oldest.repo} · ${pool.oldest.workflow} · ${pool.oldest.name}`}
                >
                  {pool.oldest.name}
                </Link>
                <JobEta eta={pool.oldest.eta} className="block truncate text-xs text-muted" />
              </>
            ) : (
              <span className="text-2xl font-semibold text-muted">—</span>
            )}
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-muted">Runners ({formatCount(online)} online)</dt>
          <dd>
            <ul className="mt-0.5 flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted">
              {(
                [
                  ["busy", busy],
                  ["idle", idle],
                  ["offline", offline],
                ] as const
              ).map(([status, count]) => (
                <li key={status} data-testid={`pool-runners-${status}`} className="flex items-center gap-1.5">
                  <span aria-hidden className={`size-2 rounded-full ${RUNNER_STATUS_STYLES[status].dot}`} />
                  <span className="font-semibold tabular-nums text-foreground">
                    {formatCount(count)}
                  </span>{" "}
                  {status}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Utilisation</dt>
          <dd>
            <UtilisationBar value={pool.utilisation} subject={`Pool ${pool.pool}`} className="w-20" />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Queue time p95</dt>
          <dd className="tabular-nums">{formatDuration(pool.queueP95Ms)}</dd>
        </div>
      </dl>

      {pool.diagnoses.length > 0 && (
        <div className="mx-4 mb-3">
          <DiagnosisList diagnoses={pool.diagnoses} />
        </div>
      )}
      <PoolRunnerList pool={pool.pool} runners={pool.runnerList} />

      {pool.hint && (
        <p
          data-testid="pool-hint"
          className="mx-4 mb-3 flex items-start gap-1.5 rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 dark:bg-amber-400/10 dark:text-amber-200"
        >
          <Lightbulb aria-hidden className="mt-px size-3.5 shrink-0" />
          {pool.hint}
        </p>
      )}
    </section>
  );
}
