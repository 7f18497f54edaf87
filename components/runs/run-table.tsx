"use client";

import { memo, useId, useState } from "react";
import { ChevronRight, ExternalLink, GitBranch, GitCommitHorizontal, Zap } from "lucide-react";
import type { RunListItem } from "@/lib/run";
import { linkHref } from "@/lib/links";
import { EMPTY, shortSha } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { RunJobBar } from "./run-job-bar";
import { RunJobs } from "./run-jobs";
import { RunDuration } from "./run-timing";
import { StatusBadge } from "@/components/common/status-badge";
import { tdClass } from "@/components/ui/classes";
import { VendorBadge } from "@/components/common/vendor-badge";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link RunTable}. */
export interface RunTableProps {
  runs: RunListItem[];
  /** Accessible table caption (visually hidden). */
  caption: string;
}

/** How many columns a row has, for the expanded jobs row. */
const COLUMNS = 8;

/**
 * Pipeline runs, newest first, one `<tbody>` per run: its row
 * (`data-testid="run-row"`) and, once expanded, its jobs.
 */
export function RunTable({ runs, caption }: RunTableProps) {
  return (
    <Table
      caption={caption}
      minWidthClass="min-w-[20rem]"
      fixed
      data-testid="runs-table"
      bodies
      head={
        <>
          <Th className="w-9 sm:w-11">
            <span className="sr-only">Expand</span>
          </Th>
          <Th className="w-10 sm:w-28">
            <span className="max-sm:sr-only">Status</span>
          </Th>
          <Th>Run</Th>
          <Th className="w-52 max-md:hidden 2xl:w-60">Commit</Th>
          <Th className="w-36 max-sm:hidden">Jobs</Th>
          <Th className="w-28 max-xl:hidden">Started</Th>
          <Th className="w-20 text-right sm:w-24">Duration</Th>
          <Th className="w-12 max-sm:hidden">
            <span className="sr-only">Links</span>
          </Th>
        </>
      }
    >
      {runs.map((run) => (
        <RunRows key={run.id} run={run} />
      ))}
    </Table>
  );
}

/** "CI #42", or "CI" when the vendor gave no number. */
const runTitle = (run: RunListItem) => (run.number != null ? `${run.workflow} #${run.number}` : run.workflow);

// Memoised on the run object: live patches keep unchanged runs' identities, so only changed rows re-render.
const RunRows = memo(function RunRows({ run }: { run: RunListItem }) {
  const [expanded, setExpanded] = useState(false);
  const jobsId = useId();
  const title = runTitle(run);
  const vendor = VENDOR_NAMES[run.source];
  return (
    <tbody className="border-b border-border last:border-b-0">
      <tr
        data-testid="run-row"
        data-run-id={run.id}
        data-status={run.status}
        className={`transition-colors hover:bg-surface-muted/50 ${expanded ? "bg-surface-muted/40" : ""}`}
      >
        <td className={`${tdClass} pr-0`}>
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={expanded ? jobsId : undefined}
            onClick={() => setExpanded((open) => !open)}
            className="inline-flex size-7 items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-foreground"
          >
            <ChevronRight
              aria-hidden
              className={`size-4 transition-transform motion-reduce:transition-none ${expanded ? "rotate-90" : ""}`}
            />
            <span className="sr-only">{`Jobs of ${title}`}</span>
          </button>
        </td>
        <td className={tdClass}>
          <StatusBadge status={run.status} superseded={run.superseded} compact />
        </td>
        <td className={tdClass}>
          <div className="flex min-w-0 items-baseline gap-1.5">
            <span className="truncate font-medium" title={run.workflow}>
              {run.workflow}
            </span>
            {run.number != null && <span className="shrink-0 tabular-nums text-muted">#{run.number}</span>}
            {run.attempt > 1 && (
              <span className="shrink-0 rounded bg-surface-muted px-1 text-[11px] font-medium text-muted">
                attempt {run.attempt}
              </span>
            )}
          </div>
          <div className="flex min-w-0 items-center gap-1.5 text-xs text-muted">
            <VendorBadge source={run.source} />
            <span aria-hidden>·</span>
            <span className="truncate" title={run.repo}>
              {run.repo}
            </span>
          </div>
        </td>
        <td className={`${tdClass} max-md:hidden`}>
          {run.branch || run.sha || run.trigger ? (
            <RunCommit run={run} />
          ) : (
            <span className="text-muted">{EMPTY}</span>
          )}
        </td>
        <td className={`${tdClass} max-sm:hidden`}>
          <RunJobBar counts={run.jobs} />
        </td>
        <td className={`${tdClass} truncate whitespace-nowrap text-muted max-xl:hidden`}>
          <RelativeTime iso={run.startedAt ?? run.queuedAt} />
        </td>
        <td className={`${tdClass} whitespace-nowrap text-right tabular-nums`}>
          <RunDuration run={run} />
        </td>
        <td className={`${tdClass} text-right max-sm:hidden`}>
          {linkHref(run.url) ? (
            <a
              href={linkHref(run.url)}
              target="_blank"
              rel="noreferrer"
              title={`Open on ${vendor}`}
              className="inline-flex size-7 items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-foreground"
            >
              <ExternalLink aria-hidden className="size-4" />
              <span className="sr-only">{`Open ${title} on ${vendor}`}</span>
            </a>
          ) : null}
        </td>
      </tr>
      {expanded && (
        <tr className="bg-surface-muted/40">
          <td colSpan={COLUMNS} className="px-3 pb-3 pt-0 sm:pl-14 sm:pr-4">
            <RunJobs runId={run.id} id={jobsId} />
          </td>
        </tr>
      )}
    </tbody>
  );
});

/** Branch, short sha and trigger of a run. */
function RunCommit({ run }: { run: RunListItem }) {
  return (
    <>
      <div className="flex min-w-0 items-center gap-1 font-mono text-xs" title={run.branch ?? undefined}>
        <GitBranch aria-hidden className="size-3.5 shrink-0 text-muted" />
        <span className="sr-only">Branch: </span>
        <span className="truncate">{run.branch ?? EMPTY}</span>
      </div>
      <div className="flex min-w-0 items-center gap-2 text-xs text-muted">
        <span className="inline-flex items-center gap-1 font-mono" title={run.sha ?? undefined}>
          <GitCommitHorizontal aria-hidden className="size-3.5 shrink-0" />
          <span className="sr-only">Commit: </span>
          {shortSha(run.sha)}
        </span>
        {run.trigger && (
          <span className="inline-flex min-w-0 items-center gap-0.5" title={`Triggered by ${run.trigger}`}>
            <Zap aria-hidden className="size-3 shrink-0" />
            <span className="sr-only">Trigger: </span>
            <span className="truncate">{run.trigger}</span>
          </span>
        )}
      </div>
    </>
  );
}
