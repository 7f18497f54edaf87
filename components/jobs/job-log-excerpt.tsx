"use client";

/**
 * The failing lines of a failed job (`GET /api/v1/jobs/{id}/log`): the kept
 * excerpt of its log, monospace, the first error line marked, with what the
 * lines say (infrastructure or code) and a copy button. Renders nothing when
 * no excerpt is kept (no read token for the source, or the job did not fail),
 * so without a token the job page is unchanged. While a job that just failed
 * has none yet, it looks again every few seconds for a minute or so.
 */
import { useState } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { Check, Copy, ScrollText } from "lucide-react";
import type { Job } from "@/lib/job";
import type { JobLog } from "@/lib/job-log";
import { apiFetch, ApiRequestError } from "@/components/api/api-client";
import { Panel } from "@/components/ui/panel";
import { Button } from "@/components/ui/button";

/** How long after a job finished its excerpt is waited for, ms. */
const WAIT_FOR_FETCH_MS = 2 * 60_000;

/** The kept excerpt of a job, or null when there is none (404). */
export const jobLogQuery = (id: string) =>
  queryOptions({
    queryKey: ["jobs", "log", id] as const,
    queryFn: async ({ signal }): Promise<JobLog | null> => {
      try {
        return await apiFetch<JobLog>(`/api/v1/jobs/${encodeURIComponent(id)}/log`, { signal });
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) return null;
        throw error;
      }
    },
  });

const SIGNAL_LABELS: Record<NonNullable<JobLog["signal"]>, string> = {
  runner_lost: "runner lost",
  out_of_memory: "out of memory",
  no_space: "no space left",
  network: "network",
  timeout: "timeout",
  test: "test failure",
  compile: "compile error",
  lint: "lint",
};

/** Props of {@link JobLogExcerpt}. */
export interface JobLogExcerptProps {
  job: Job;
}

/** The "Failing lines" section of the job page; nothing for a job without a kept excerpt. */
export function JobLogExcerpt({ job }: JobLogExcerptProps) {
  const failed = job.status === "failure" || job.status === "timed_out";
  const finished = job.finishedAt ? Date.parse(job.finishedAt) : Number.NaN;
  const query = useQuery({
    ...jobLogQuery(job.id),
    enabled: failed,
    // The fetch runs in the background after the job fails: look again while it may still come.
    refetchInterval: (q) =>
      q.state.data === null && Date.now() - finished < WAIT_FOR_FETCH_MS ? 5_000 : false,
  });
  const log = query.data;
  if (!failed || !log) return null;
  return (
    <Panel
      title={
        <>
          <ScrollText aria-hidden className="size-4 text-muted" />
          Failing lines
        </>
      }
      headingId="job-log-heading"
      data-testid="job-log"
      actions={
        <div className="flex flex-wrap items-center gap-2">
          {log.category && (
            <span
              data-testid="job-log-category"
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${
                log.category === "infrastructure"
                  ? "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200"
                  : "bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200"
              }`}
            >
              {log.category === "infrastructure" ? "Infrastructure" : "Code"}
              {log.signal && <> · {SIGNAL_LABELS[log.signal]}</>}
            </span>
          )}
          <CopyButton text={log.lines.join("\n")} />
        </div>
      }
    >
      <pre
        tabIndex={0}
        aria-label="Log lines around the first error"
        className="max-h-96 overflow-auto bg-surface-muted py-2 font-mono text-xs leading-5"
      >
        {log.lines.map((line, i) => {
          const first = i === log.firstErrorLine;
          return (
            <div
              key={i}
              data-first-error={first || undefined}
              className={
                first
                  ? "border-l-2 border-red-600 bg-red-100 px-3 font-semibold text-red-950 dark:border-red-400 dark:bg-red-400/15 dark:text-red-100"
                  : "border-l-2 border-transparent px-3"
              }
            >
              {line === "" ? " " : line}
            </div>
          );
        })}
      </pre>
      <p className="border-t border-border px-4 py-2 text-xs text-muted">
        From the {job.source === "github" ? "GitHub" : job.source === "gitlab" ? "GitLab" : "Buildkite"} API,
        fetched {new Date(log.fetchedAt).toISOString().slice(0, 16).replace("T", " ")} UTC
        {log.firstErrorLine === null ? " · no line reads as an error: the last lines are shown" : ""}.
      </p>
    </Panel>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      className="min-h-10 sm:min-h-0"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        })
      }
    >
      {copied ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
      {copied ? "Copied" : "Copy lines"}
    </Button>
  );
}
