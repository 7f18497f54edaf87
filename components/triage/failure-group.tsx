"use client";

import Link from "next/link";
import { ChevronRight, ExternalLink } from "lucide-react";
import type { FailedJob, FailuresResponse, FailureGroup as Group } from "@/lib/metrics";
import { linkHref } from "@/lib/links";
import { formatCount, formatPercent } from "@/components/common/chart-format";
import { categoryLabel, causeLabel } from "./failure-cause";
import { RelativeTime } from "@/components/jobs/job-timing";
import { jobHref } from "@/components/api/jobs-api";
import { StatusBadge } from "@/components/common/status-badge";
import { VendorIcon } from "@/components/common/vendor-icons";

/** Props of {@link FailureGroup}. */
export interface FailureGroupProps {
  group: Group;
  /** How the groups are keyed: a cause code, or `"<repo> · <workflow>"`. */
  groupBy: FailuresResponse["groupBy"];
  expanded: boolean;
  onToggle: () => void;
}

/** A DOM-id-safe form of a group key. */
const slug = (key: string) => key.replace(/[^A-Za-z0-9_-]+/g, "-");

/** One group of failures: a disclosure button with its count and share, opening onto its latest failing jobs. */
export function FailureGroup({ group, groupBy, expanded, onToggle }: FailureGroupProps) {
  const name =
    groupBy === "cause"
      ? causeLabel(group.key)
      : groupBy === "category"
        ? categoryLabel(group.key)
        : group.key || "(none)";
  const listId = `failures-${groupBy}-${slug(group.key)}`;
  return (
    <li data-testid="failure-group" data-key={group.key} className="border-b border-border last:border-b-0">
      <h3>
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={onToggle}
          className="flex w-full items-center gap-3 px-4 py-3 text-left transition-colors hover:bg-surface-muted/60"
        >
          <ChevronRight
            aria-hidden
            className={`size-4 shrink-0 text-muted transition-transform ${expanded ? "rotate-90" : ""}`}
          />
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium">{name}</span>
            <span className="block text-xs text-muted">
              last <RelativeTime iso={group.lastAt} />
            </span>
          </span>
          <span
            aria-hidden
            className="h-1.5 w-24 overflow-hidden rounded-full bg-surface-muted max-sm:hidden"
          >
            <span
              className="block h-full bg-red-500"
              style={{ width: `${Math.max(2, group.share * 100)}%` }}
            />
          </span>
          <span className="w-14 text-right text-xs tabular-nums text-muted">
            {formatPercent(group.share, 0)}
          </span>
          <span
            data-testid="failure-group-count"
            className="min-w-10 rounded-full bg-red-50 px-2 py-0.5 text-center text-xs font-semibold tabular-nums text-red-800 dark:bg-red-400/10 dark:text-red-300"
          >
            {formatCount(group.count)}
          </span>
        </button>
      </h3>
      {expanded && (
        <div id={listId} className="border-t border-border bg-background/40">
          <ul className="divide-y divide-border" aria-label={`Latest failures: ${name}`}>
            {group.jobs.map((job) => (
              <FailedJobRow key={job.id} job={job} />
            ))}
          </ul>
          {group.count > group.jobs.length && (
            <p className="px-4 py-2 text-xs text-muted">
              The {formatCount(group.jobs.length)} most recent of {formatCount(group.count)} are listed.
            </p>
          )}
        </div>
      )}
    </li>
  );
}

/** One failing job: what failed, where, why, and links to its page and the vendor's log. */
function FailedJobRow({ job }: { job: FailedJob }) {
  return (
    <li
      data-testid="failed-job"
      data-job-id={job.id}
      className="grid gap-x-4 gap-y-1 px-4 py-2.5 pl-11 text-sm sm:grid-cols-[minmax(0,1fr)_auto]"
    >
      <div className="min-w-0">
        <div className="flex min-w-0 items-center gap-2">
          <VendorIcon source={job.source} className="size-4 shrink-0" />
          <Link
            href={jobHref(job.id)}
            className="truncate font-medium hover:text-accent hover:underline"
            title={`${job.name} — open details`}
          >
            {job.name}
          </Link>
          <StatusBadge status={job.status} superseded={job.superseded} compact />
        </div>
        <div
          className="truncate text-xs text-muted"
          title={`${job.repo} · ${job.branch ?? ""} · ${job.workflow}`}
        >
          {job.repo}
          {job.branch && <> · {job.branch}</>} · {job.workflow}
        </div>
        {(job.step || job.reason) && (
          <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
            {job.step && (
              <div className="flex min-w-0 gap-1">
                <dt className="text-muted">Step</dt>
                <dd className="truncate font-medium" title={job.step}>
                  {job.step}
                </dd>
              </div>
            )}
            {job.reason && (
              <div className="flex min-w-0 gap-1">
                <dt className="text-muted">Reason</dt>
                <dd className="truncate font-mono" title={job.reason}>
                  {job.reason}
                </dd>
              </div>
            )}
          </dl>
        )}
      </div>
      <div className="flex items-center gap-3 text-xs text-muted sm:flex-col sm:items-end sm:gap-0.5">
        <RelativeTime iso={job.at} />
        {job.runner && (
          <span className="max-w-48 truncate font-mono" title={`Runner ${job.runner}`}>
            {job.runner}
          </span>
        )}
        {linkHref(job.url) && (
          <a
            href={linkHref(job.url)}
            target="_blank"
            rel="noreferrer"
            className="inline-flex items-center gap-1 text-accent hover:underline"
          >
            Vendor log
            <ExternalLink aria-hidden className="size-3" />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        )}
      </div>
    </li>
  );
}
