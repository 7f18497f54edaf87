"use client";

import Link from "next/link";
import type { WaitingJob } from "@/lib/metrics";
import { jobHref } from "@/components/api/jobs-api";
import { LabelChips } from "@/components/common/label-chips";
import { tdClass } from "@/components/ui/classes";
import { VendorBadge } from "@/components/common/vendor-badge";
import { JobEta } from "./job-eta";
import { WaitingAge } from "./waiting-age";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link StuckJobs}. */
export interface StuckJobsProps {
  jobs: readonly WaitingJob[];
}

/** Jobs queued past the threshold with no online runner carrying their labels, oldest first. */
export function StuckJobs({ jobs }: StuckJobsProps) {
  return (
    <Table
      caption="Stuck jobs, oldest first"
      minWidthClass="min-w-[32rem]"
      data-testid="stuck-jobs"
      head={
        <>
          <Th>Job</Th>
          <Th className="max-md:hidden">Labels</Th>
          <Th className="text-right">Waiting</Th>
        </>
      }
    >
      {jobs.map((job) => (
        <tr
          key={job.id}
          data-testid="stuck-job"
          data-job-id={job.id}
          className="bg-red-50/40 dark:bg-red-400/5"
        >
          <td className={`${tdClass} w-full max-w-0`}>
            <Link
              href={jobHref(job.id)}
              className="block truncate font-medium hover:text-accent hover:underline"
              title={`${job.name} — open details`}
            >
              {job.name}
            </Link>
            <div className="flex min-w-0 items-center gap-2 text-xs text-muted">
              <VendorBadge source={job.source} />
              <span className="truncate">
                {job.repo} · {job.workflow}
              </span>
            </div>
          </td>
          <td className={`${tdClass} max-md:hidden`}>
            <LabelChips labels={job.labels} max={3} nowrap />
          </td>
          <td
            className={`${tdClass} whitespace-nowrap text-right font-medium text-red-700 dark:text-red-300`}
          >
            <WaitingAge since={job.queuedAt} />
            <JobEta eta={job.eta} className="block text-xs font-normal text-muted" />
          </td>
        </tr>
      ))}
    </Table>
  );
}
