"use client";

import Link from "next/link";
import { memo } from "react";
import type { Job } from "@/lib/job";
import type { Runner, RunnerStatus } from "@/lib/runner";
import { EMPTY } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { jobHref } from "@/components/api/jobs-api";
import { LabelChips } from "@/components/common/label-chips";
import type { RunnerPoolGroup } from "./runner-filters";
import { PoolKindControl, poolKind } from "./pool-kind";
import { RUNNER_STATUS_STYLES, RunnerStatusBadge } from "./runner-status";
import { tdClass } from "@/components/ui/classes";
import { VendorBadge } from "@/components/common/vendor-badge";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link RunnerPool}. */
export interface RunnerPoolProps {
  group: RunnerPoolGroup;
  /** Jobs in progress by id, to name the job a busy runner is on. */
  activeJobs: ReadonlyMap<string, Job>;
}

const ORDER: readonly RunnerStatus[] = ["busy", "idle", "offline"];

/** One label pool: a header with its busy / idle / offline counts, then its runners. */
export function RunnerPool({ group, activeJobs }: RunnerPoolProps) {
  const headingId = `pool-${slug(group.pool)}`;
  const online = group.counts.busy + group.counts.idle;
  return (
    <section
      data-testid="runner-pool"
      data-pool={group.pool}
      aria-labelledby={headingId}
      className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-border px-4 py-3">
        <h2 id={headingId} className="flex min-w-0 flex-wrap items-center gap-2 text-sm font-semibold">
          <span className="sr-only">{`Pool ${group.pool}`}</span>
          <span aria-hidden className="flex min-w-0 flex-wrap items-center gap-1">
            {group.labels.length > 0 ? (
              group.labels.map((label) => (
                <span
                  key={label}
                  className="rounded border border-border bg-surface-muted px-1.5 py-px font-mono text-xs font-medium"
                >
                  {label}
                </span>
              ))
            ) : (
              <span className="font-mono text-[13px]">{group.pool}</span>
            )}
          </span>
          <span className="text-xs font-normal text-muted">
            {group.runners.length} {group.runners.length === 1 ? "runner" : "runners"}
          </span>
        </h2>
        <div className="flex flex-wrap items-center gap-3">
          <PoolKindControl pool={group.pool} {...poolKind(group.runners)} />
          <ul aria-label="Runner states" className="flex items-center gap-3 text-xs text-muted">
            {ORDER.map((status) => (
              <li key={status} data-testid={`pool-count-${status}`} className="flex items-center gap-1.5">
                <span aria-hidden className={`size-2 rounded-full ${RUNNER_STATUS_STYLES[status].dot}`} />
                <span className="font-semibold tabular-nums text-foreground">
                  {group.counts[status]}
                </span>{" "}
                {status}
              </li>
            ))}
          </ul>
          {online > 0 && (
            <span
              role="img"
              aria-label={`${Math.round((group.counts.busy / online) * 100)}% of online runners busy`}
              title={`${group.counts.busy} of ${online} online runners busy`}
              className="flex h-1.5 w-16 overflow-hidden rounded-full bg-emerald-500/30 max-sm:hidden"
            >
              <span
                className="h-full bg-sky-500"
                style={{ width: `${(group.counts.busy / online) * 100}%` }}
              />
            </span>
          )}
        </div>
      </div>
      <Table
        caption={`Runners in pool ${group.pool}`}
        minWidthClass="min-w-[20rem]"
        fixed
        head={
          <>
            <Th>Runner</Th>
            <Th className="w-40 max-lg:hidden">Group</Th>
            <Th className="w-56 max-xl:hidden">Labels</Th>
            <Th className="w-24 sm:w-28">Status</Th>
            <Th className="w-64 max-md:hidden">Current job</Th>
            <Th className="w-28 max-sm:hidden">Last seen</Th>
          </>
        }
      >
        {group.runners.map((runner) => (
          <RunnerRow
            key={runner.id}
            runner={runner}
            job={runner.currentJobId ? activeJobs.get(runner.currentJobId) : undefined}
          />
        ))}
      </Table>
    </section>
  );
}

/** A DOM-id-safe form of a pool key. */
const slug = (pool: string) => pool.replace(/[^A-Za-z0-9_-]+/g, "-");

// Memoised on the runner object: live patches keep unchanged runners' identities.
const RunnerRow = memo(function RunnerRow({ runner, job }: { runner: Runner; job: Job | undefined }) {
  return (
    <tr
      data-testid="runner-row"
      data-runner-id={runner.id}
      data-status={runner.status}
      className="transition-colors hover:bg-surface-muted/50"
    >
      <td className={tdClass}>
        <div className="truncate font-mono text-[13px] font-medium" title={runner.name}>
          {runner.name}
        </div>
        <VendorBadge source={runner.source} />
      </td>
      <td className={`${tdClass} truncate text-muted max-lg:hidden`} title={runner.group ?? undefined}>
        {runner.group ?? EMPTY}
      </td>
      <td className={`${tdClass} max-xl:hidden`}>
        {runner.labels.length > 0 ? (
          <LabelChips labels={runner.labels} max={4} />
        ) : (
          <span className="text-muted">{EMPTY}</span>
        )}
      </td>
      <td className={tdClass}>
        <RunnerStatusBadge status={runner.status} />
      </td>
      <td className={`${tdClass} max-md:hidden`}>
        {runner.status === "busy" && runner.currentJobId ? (
          <CurrentJob id={runner.currentJobId} job={job} />
        ) : (
          <span className="text-muted">{EMPTY}</span>
        )}
      </td>
      <td
        className={`${tdClass} truncate whitespace-nowrap text-muted max-sm:hidden`}
        title={runner.connected === false ? "The agent reported that it disconnected." : undefined}
      >
        <RelativeTime iso={runner.lastSeenAt} />
      </td>
    </tr>
  );
});

function CurrentJob({ id, job }: { id: string; job: Job | undefined }) {
  return (
    <div className="min-w-0">
      <Link
        href={jobHref(id)}
        data-testid="runner-current-job"
        className="block truncate font-medium text-foreground hover:text-accent hover:underline"
        title={job ? `${job.name} — open details` : `Job ${id} — open details`}
      >
        {job?.name ?? id}
      </Link>
      {job && (
        <div className="truncate text-xs text-muted" title={`${job.repo} · ${job.workflow}`}>
          {job.repo} · {job.workflow}
        </div>
      )}
    </div>
  );
}
