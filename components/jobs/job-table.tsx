"use client";

import Link from "next/link";
import { memo } from "react";
import { ExternalLink, GitBranch } from "lucide-react";
import type { Job } from "@/lib/job";
import { linkHref } from "@/lib/links";
import { EMPTY, SOURCE_LABELS } from "@/components/common/format";
import { Duration, QueueTime, RelativeTime } from "./job-timing";
import { jobHref } from "@/components/api/jobs-api";
import { LabelChips } from "@/components/common/label-chips";
import { LostJobMarker } from "@/components/sources/source-lost-job";
import { JobEta } from "@/components/queue/job-eta";
import { StatusBadge } from "@/components/common/status-badge";
import { VENDOR_NAMES, VendorIcon } from "@/components/common/vendor-icons";
import { tdClass } from "@/components/ui/classes";
import { Table, Th } from "@/components/ui/table";

/** Which timestamp the "When" column shows. */
export type JobTableVariant = "active" | "finished" | "history";

/** Props of {@link JobTable}. */
export interface JobTableProps {
  jobs: Job[];
  variant: JobTableVariant;
  /** Accessible table caption (visually hidden). */
  caption: string;
  /** Cap the height and scroll inside, keeping the header visible (long live lists). */
  scroll?: boolean;
  "data-testid"?: string;
  /** Virtualised lists (Live): px of rows not rendered above and below `jobs` (see `useWindowRows`). */
  padTop?: number;
  padBottom?: number;
}

const WHEN_HEADER: Record<JobTableVariant, string> = {
  active: "Queued",
  finished: "Finished",
  history: "Created",
};

/** Dense job table shared by Live and Jobs; each row carries `data-testid="job-row"`. */
export function JobTable({
  jobs,
  variant,
  caption,
  scroll = false,
  "data-testid": testId,
  padTop = 0,
  padBottom = 0,
}: JobTableProps) {
  return (
    <Table
      caption={caption}
      minWidthClass="min-w-[20rem]"
      fixed
      wrapperClassName={
        scroll ? "max-h-[min(65vh,44rem)] overflow-auto overscroll-contain" : "overflow-x-auto"
      }
      data-testid={testId}
      head={
        <>
          <Th className="w-10 sm:w-28">
            <span className="max-sm:sr-only">Status</span>
          </Th>
          <Th>Job</Th>
          <Th className="w-48 max-md:hidden 2xl:w-56">Branch</Th>
          <Th className="w-60 max-lg:hidden">Runner</Th>
          <Th className="w-[4.5rem] text-right sm:w-20">Queue</Th>
          <Th className="w-20 text-right sm:w-24">Duration</Th>
          <Th className="w-28 max-xl:hidden">{WHEN_HEADER[variant]}</Th>
          <Th className="w-12 max-sm:hidden">
            <span className="sr-only">Links</span>
          </Th>
        </>
      }
    >
      {padTop > 0 && <Spacer height={padTop} />}
      {jobs.map((job) => (
        <JobRow key={job.id} job={job} variant={variant} />
      ))}
      {padBottom > 0 && <Spacer height={padBottom} />}
    </Table>
  );
}

/** Stands in for the rows a virtualised list does not render. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden data-testid="job-rows-spacer" style={{ height }}>
      <td colSpan={8} className="p-0" />
    </tr>
  );
}

interface JobRowProps {
  job: Job;
  variant: JobTableVariant;
}

// Memoised on the job object: live patches keep unchanged jobs' identities, so only changed rows re-render.
const JobRow = memo(function JobRow({ job, variant }: JobRowProps) {
  const when = variant === "finished" ? job.finishedAt : (job.queuedAt ?? job.startedAt);
  const subtitle = [job.repo, job.workflow].filter(Boolean).join(" · ");
  return (
    <tr
      data-testid="job-row"
      data-job-id={job.id}
      data-status={job.status}
      className="transition-colors hover:bg-surface-muted/50"
    >
      <td className={tdClass}>
        <StatusBadge status={job.status} superseded={job.superseded} compact />
      </td>
      <td className={tdClass}>
        {job.lost ? (
          <div className="flex min-w-0 items-center gap-1.5">
            <JobLink job={job} />
            <LostJobMarker job={job} />
          </div>
        ) : (
          <JobLink job={job} />
        )}
        <div className="truncate text-xs text-muted" title={`${VENDOR_NAMES[job.source]} · ${subtitle}`}>
          <VendorIcon source={job.source} className="mr-1 inline size-3.5 align-[-3px]" />
          {subtitle}
        </div>
      </td>
      <td className={`${tdClass} max-md:hidden`}>
        {job.branch ? (
          <span className="flex min-w-0 items-center gap-1 font-mono text-xs text-muted" title={job.branch}>
            <GitBranch aria-hidden className="size-3.5 shrink-0" />
            <span className="truncate">{job.branch}</span>
          </span>
        ) : (
          <span className="text-muted">{EMPTY}</span>
        )}
      </td>
      <td className={`${tdClass} max-lg:hidden`}>
        <div className="flex min-w-0 flex-col gap-0.5">
          <span className="truncate font-mono text-xs" title={job.runner.name ?? undefined}>
            {job.runner.name ?? <span className="font-sans text-muted">Unassigned</span>}
          </span>
          <LabelChips labels={job.runner.labels} max={3} nowrap />
        </div>
      </td>
      <td className={`${tdClass} whitespace-nowrap text-right tabular-nums`}>
        <QueueTime job={job} />
        {(job.status === "queued" || job.status === "waiting") && (
          <JobEta eta={job.eta} className="block text-xs font-normal text-muted" />
        )}
      </td>
      <td className={`${tdClass} whitespace-nowrap text-right tabular-nums`}>
        <Duration job={job} />
      </td>
      <td className={`${tdClass} truncate whitespace-nowrap text-muted max-xl:hidden`}>
        <RelativeTime iso={when} />
      </td>
      <td className={`${tdClass} text-right max-sm:hidden`}>
        {linkHref(job.url) ? (
          <a
            href={linkHref(job.url)}
            target="_blank"
            rel="noreferrer"
            title={`Open on ${SOURCE_LABELS[job.source]}`}
            className="inline-flex size-7 items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-foreground"
          >
            <ExternalLink aria-hidden className="size-4" />
            <span className="sr-only">{`Open ${job.name} on ${SOURCE_LABELS[job.source]}`}</span>
          </a>
        ) : null}
      </td>
    </tr>
  );
});

/** The job's name (and attempt), linking to its detail. */
function JobLink({ job }: { job: Job }) {
  return (
    <Link
      href={jobHref(job.id)}
      title={`${job.name} — open details`}
      className="block min-w-0 truncate font-medium text-foreground hover:text-accent hover:underline"
    >
      {job.name}
      {job.attempt > 1 && <span className="ml-1.5 text-xs font-normal text-muted">#{job.attempt}</span>}
    </Link>
  );
}
