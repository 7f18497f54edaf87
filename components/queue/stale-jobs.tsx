"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Diagnosis } from "@/lib/stall";
import { apiFetch } from "@/components/api/api-client";
import { jobHref } from "@/components/api/jobs-api";
import { metricKeys } from "@/components/api/metrics-queries";
import { tdClass } from "@/components/ui/classes";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link StaleJobs}. */
export interface StaleJobsProps {
  /** `stale_job` diagnoses. */
  diagnoses: readonly Diagnosis[];
}

/** One stale job with its one-click "mark lost" (admin scope; the answer's error is shown otherwise). */
function StaleRow({ diagnosis }: { diagnosis: Diagnosis }) {
  const queryClient = useQueryClient();
  const id = diagnosis.jobId ?? "";
  const mark = useMutation({
    mutationFn: () => apiFetch(`/api/v1/jobs/${encodeURIComponent(id)}/lost`, { method: "POST" }),
    // The job leaves the queue figures: refetch them now rather than wait for the live notice.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: metricKeys.all }),
  });
  return (
    <tr data-testid="stale-job" data-job-id={id} className="bg-red-50/40 dark:bg-red-400/5">
      <td className={`${tdClass} w-full max-w-0`}>
        <Link href={jobHref(id)} className="block truncate font-medium hover:text-accent hover:underline">
          {diagnosis.job?.name ?? id}
        </Link>
        {diagnosis.job && (
          <p data-testid="stale-job-where" className="truncate text-xs text-muted">
            {diagnosis.job.repo} · {diagnosis.job.workflow}
          </p>
        )}
        <p className="text-xs text-muted">{diagnosis.detail}</p>
        {mark.isError && (
          <p role="alert" className="text-xs text-red-700 dark:text-red-300">
            {mark.error.message}
          </p>
        )}
      </td>
      <td className={`${tdClass} whitespace-nowrap text-xs text-muted`}>{diagnosis.jobStatus ?? "queued"}</td>
      <td className={`${tdClass} text-right`}>
        <button
          type="button"
          data-testid="mark-lost"
          disabled={mark.isPending || mark.isSuccess}
          onClick={() => mark.mutate()}
          className="whitespace-nowrap rounded-md border border-border bg-surface px-2.5 py-1 text-xs font-medium hover:bg-surface-muted disabled:opacity-60"
        >
          {mark.isSuccess ? "Marked lost" : mark.isPending ? "Marking…" : "Mark lost"}
        </button>
      </td>
    </tr>
  );
}

/** Jobs queued or running far beyond their pool's history, each with a "mark lost" button. */
export function StaleJobs({ diagnoses }: StaleJobsProps) {
  return (
    <Table
      caption="Stale jobs, with a button to mark each lost"
      minWidthClass="min-w-[32rem]"
      data-testid="stale-jobs"
      head={
        <>
          <Th>Job</Th>
          <Th>State</Th>
          <Th className="text-right">Action</Th>
        </>
      }
    >
      {diagnoses.map((d) => (
        <StaleRow key={d.jobId} diagnosis={d} />
      ))}
    </Table>
  );
}
