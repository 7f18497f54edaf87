"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ExternalLink, FileQuestion, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import type { Job, JobStep } from "@/lib/job";
import { linkHref } from "@/lib/links";
import {
  EMPTY,
  SOURCE_LABELS,
  formatDateTime,
  formatDuration,
  humanize,
  shortSha,
  stepDurationMs,
} from "@/components/common/format";
import { jobDetailQuery } from "@/components/api/job-queries";
import { Duration, QueueTime, RelativeTime } from "./job-timing";
import { JobLogExcerpt } from "./job-log-excerpt";
import { JobHistory } from "./job-history";
import { runHref, runnerHref } from "./job-links";
import { ApiRequestError } from "@/components/api/api-client";
import { LabelChips } from "@/components/common/label-chips";
import { LostJobCallout } from "@/components/sources/source-lost-job";
import { JobAlerts } from "@/components/alerts/job-alerts";
import { VendorBadge } from "@/components/common/vendor-badge";
import { EmptyState, QueryError } from "@/components/ui/query-state";
import { StatusBadge, StatusIcon } from "@/components/common/status-badge";
import { JobEta } from "@/components/queue/job-eta";
import { useNow } from "@/components/common/use-now";

/** Props of {@link JobDetail}. */
export interface JobDetailProps {
  /** The job id, decoded (e.g. `github:289782451`). */
  id: string;
}

/** The job detail page body: header, timing, runner, failure and steps; updates live. */
export function JobDetail({ id }: JobDetailProps) {
  const query = useQuery(jobDetailQuery(id));

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError && !query.data) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) {
      return (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          <EmptyState icon={<FileQuestion className="size-6" aria-hidden />} title="Job not found">
            No job with id <code className="font-mono text-foreground">{id}</code> has been recorded (or it
            was purged by retention).{" "}
            <Link href="/jobs" className="text-accent underline underline-offset-2 hover:decoration-2">
              Back to all jobs
            </Link>
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="rounded-xl border border-border bg-surface shadow-sm">
        <QueryError what="this job" error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  return <JobDetailView job={query.data} />;
}

function JobDetailView({ job }: { job: Job }) {
  const source = SOURCE_LABELS[job.source];
  return (
    <article data-testid="job-detail" data-job-id={job.id} data-status={job.status} className="space-y-5">
      <header className="space-y-3">
        <BackLink />
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-1.5">
            <div className="flex flex-wrap items-center gap-2">
              <StatusBadge status={job.status} superseded={job.superseded} />
              <VendorBadge source={job.source} />
              <span className="text-xs text-muted">· attempt {job.attempt}</span>
            </div>
            <h1 className="break-words text-xl font-semibold tracking-tight">{job.name}</h1>
            <p className="break-words text-sm text-muted">
              <span className="font-medium text-foreground">{job.repo}</span>
              {job.workflow && <> · {job.workflow}</>}
            </p>
          </div>
          {linkHref(job.url) && (
            <a
              href={linkHref(job.url)}
              target="_blank"
              rel="noreferrer"
              className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium hover:bg-surface-muted"
            >
              Open on {source}
              <ExternalLink aria-hidden className="size-3.5" />
            </a>
          )}
        </div>
      </header>

      <LostJobCallout job={job} />
      {job.failure && <FailureCallout job={job} />}
      <JobLogExcerpt job={job} />

      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Job">
          <Field label="Branch">
            <Mono value={job.branch} />
          </Field>
          <Field label="Commit">
            <Mono value={job.sha ? shortSha(job.sha) : null} title={job.sha ?? undefined} />
          </Field>
          <Field label="Run">
            <Mono value={job.runId} />
            <Link href={runHref(job)} data-testid="job-run-link" className={linkClass}>
              View run in Pipelines
            </Link>
          </Field>
          <Field label="Attempt">{job.attempt}</Field>
          <Field label="Source">
            <VendorBadge source={job.source} textClass="" />
          </Field>
          <Field label="Job id">
            <Mono value={job.id} />
          </Field>
        </Card>

        <Card title="Timing">
          <Field label="Queued">
            <Timestamp iso={job.queuedAt} />
          </Field>
          <Field label="Started">
            <Timestamp iso={job.startedAt} />
          </Field>
          <Field label="Finished">
            <Timestamp iso={job.finishedAt} />
          </Field>
          <Field label="Queue time">
            <span className="tabular-nums">
              <QueueTime job={job} />
            </span>
          </Field>
          {(job.status === "queued" || job.status === "waiting") && (
            <Field label="Expected start">
              <JobEta eta={job.eta} className="text-sm" />
            </Field>
          )}
          <Field label="Duration">
            <span className="tabular-nums">
              <Duration job={job} />
            </span>
          </Field>
        </Card>

        <Card title="Runner">
          <Field label="Name">
            <Mono value={job.runner.name} />
            <RunnerLink job={job} />
          </Field>
          <Field label="Group">{job.runner.group ?? <span className="text-muted">{EMPTY}</span>}</Field>
          <Field label="Labels">
            {job.runner.labels.length > 0 ? (
              <LabelChips labels={job.runner.labels} max={12} />
            ) : (
              <span className="text-muted">{EMPTY}</span>
            )}
          </Field>
        </Card>
      </div>

      <JobAlerts jobId={job.id} />
      <JobHistory job={job} />

      <Steps job={job} />
    </article>
  );
}

const linkClass = "text-xs text-accent underline underline-offset-2 hover:decoration-2";

function RunnerLink({ job }: { job: Job }) {
  const href = runnerHref(job);
  if (!href) return null;
  return (
    <Link href={href} data-testid="job-runner-link" className={linkClass}>
      View runner
    </Link>
  );
}

function BackLink() {
  return (
    <Link
      href="/jobs"
      className="inline-flex items-center gap-1 rounded-md text-sm text-muted hover:text-foreground"
    >
      <ArrowLeft aria-hidden className="size-4" />
      All jobs
    </Link>
  );
}

const CALLOUT_TONES = {
  failed: {
    box: "border-red-200 bg-red-50 dark:border-red-400/25 dark:bg-red-400/10",
    icon: "text-red-600 dark:text-red-400",
    title: "text-red-900 dark:text-red-200",
    body: "text-red-800 dark:text-red-300",
  },
  cancelled: {
    box: "border-border-strong bg-surface-muted",
    icon: "text-muted",
    title: "text-foreground",
    body: "text-muted",
  },
};

function FailureCallout({ job }: { job: Job }) {
  const failure = job.failure!;
  const tone = CALLOUT_TONES[job.status === "cancelled" ? "cancelled" : "failed"];
  return (
    <div role="note" className={`flex gap-3 rounded-xl border px-4 py-3 text-sm ${tone.box}`}>
      <TriangleAlert aria-hidden className={`mt-0.5 size-5 shrink-0 ${tone.icon}`} />
      <div className="min-w-0">
        <p className={`font-medium ${tone.title}`}>
          Failure cause: <span data-testid="failure-cause">{humanize(failure.cause)}</span>
        </p>
        {failure.step && (
          <p className={`mt-0.5 break-words ${tone.body}`}>
            Failing step: <span className="font-medium">{failure.step}</span>
          </p>
        )}
        {failure.reason && (
          <p className={`mt-0.5 break-words ${tone.body}`}>
            {SOURCE_LABELS[job.source]} says:{" "}
            <span data-testid="failure-reason" className="font-medium">
              {humanize(failure.reason)}
            </span>
          </p>
        )}
      </div>
    </div>
  );
}

function Steps({ job }: { job: Job }) {
  return (
    <section
      aria-labelledby="steps-heading"
      className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
    >
      <div className="flex items-center justify-between border-b border-border px-4 py-3">
        <h2 id="steps-heading" className="text-sm font-semibold">
          Steps
        </h2>
        <span className="text-xs tabular-nums text-muted">{job.steps.length}</span>
      </div>
      {job.steps.length === 0 ? (
        <p className="px-4 py-6 text-sm text-muted">
          {job.status === "queued" || job.status === "waiting"
            ? "Steps appear once a runner picks the job up."
            : `${SOURCE_LABELS[job.source]} did not report steps for this job.`}
        </p>
      ) : (
        <ol className="divide-y divide-border">
          {job.steps.map((step, index) => (
            <StepRow
              key={`${index}:${step.name}`}
              step={step}
              index={index}
              failing={job.failure?.step === step.name}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function StepRow({ step, index, failing }: { step: JobStep; index: number; failing: boolean }) {
  return (
    <li
      data-testid="job-step"
      data-status={step.status}
      className={`flex items-center gap-3 px-4 py-2 ${failing ? "bg-red-50/70 dark:bg-red-400/5" : ""}`}
    >
      <span className="w-6 shrink-0 text-right text-xs tabular-nums text-muted">{index + 1}</span>
      <StatusIcon status={step.status} />
      <span className="min-w-0 flex-1 truncate" title={step.name}>
        {step.name}
      </span>
      <span className="shrink-0 text-xs tabular-nums text-muted">
        {step.status === "running" && !step.finishedAt ? (
          <TickingStepDuration step={step} />
        ) : step.finishedAt ? (
          formatDuration(stepDurationMs(step, 0))
        ) : (
          EMPTY
        )}
      </span>
    </li>
  );
}

function TickingStepDuration({ step }: { step: JobStep }) {
  return <>{formatDuration(stepDurationMs(step, useNow()))}</>;
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-border bg-surface shadow-sm">
      <h2 className="border-b border-border px-4 py-3 text-sm font-semibold">{title}</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 px-4 py-3 text-sm">{children}</dl>
    </section>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function Mono({ value, title }: { value: string | null; title?: string }) {
  if (!value) return <span className="text-muted">{EMPTY}</span>;
  return (
    <span className="block truncate font-mono text-xs leading-5" title={title ?? value}>
      {value}
    </span>
  );
}

function Timestamp({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-muted">{EMPTY}</span>;
  return (
    <span>
      <time dateTime={iso}>{formatDateTime(iso)}</time>{" "}
      <span className="text-xs text-muted">
        (<RelativeTime iso={iso} />)
      </span>
    </span>
  );
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading job" className="space-y-5">
      <div className="h-4 w-20 animate-pulse rounded bg-surface-muted" />
      <div className="space-y-2">
        <div className="h-5 w-24 animate-pulse rounded-full bg-surface-muted" />
        <div className="h-6 w-64 animate-pulse rounded bg-surface-muted" />
        <div className="h-4 w-48 animate-pulse rounded bg-surface-muted" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-44 animate-pulse rounded-xl border border-border bg-surface" />
        ))}
      </div>
    </div>
  );
}
