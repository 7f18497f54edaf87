"use client";

import { SUCCESS_RATE_DEFINITION } from "@/lib/metrics";
import Link from "next/link";
import type { WorkflowHealth } from "@/lib/metrics";
import { formatCount, formatPercent } from "@/components/common/chart-format";
import { EMPTY, formatDuration } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { metricPageHref, type MetricFilters } from "./metric-filter-state";
import { tdClass } from "@/components/ui/classes";
import { Table, Th } from "@/components/ui/table";

/** Which Insights table: each shows the columns that explain its order. */
export type WorkflowTableKind = "slowest" | "leastReliable" | "regressions";

/** Props of {@link WorkflowHealthTable}. */
export interface WorkflowHealthTableProps {
  kind: WorkflowTableKind;
  items: readonly WorkflowHealth[];
  caption: string;
  /** The page's filters, kept when a workflow's name narrows the page to it. */
  filters: MetricFilters;
}

/** Relative change as a signed percentage: `+25%`, `−8%`; `—` without a baseline. */
export function formatChange(change: number | null | undefined): string {
  if (change == null || !Number.isFinite(change)) return EMPTY;
  const percent = Math.round(change * 100);
  if (percent === 0) return "±0%";
  return percent > 0 ? `+${percent}%` : `−${Math.abs(percent)}%`;
}

const changeClass = (change: number | null, regression: boolean) =>
  regression
    ? "font-medium text-red-700 dark:text-red-300"
    : change != null && change < -0.05
      ? "text-emerald-700 dark:text-emerald-300"
      : "text-muted";

const num = `${tdClass} text-right tabular-nums whitespace-nowrap`;

/** Slowest, least reliable or regressed workflows; a name narrows the page to that workflow. */
export function WorkflowHealthTable({ kind, items, caption, filters }: WorkflowHealthTableProps) {
  return (
    <Table
      caption={caption}
      minWidthClass="min-w-[28rem]"
      data-testid={`workflows-${kind}`}
      head={
        <>
          <Th>Workflow</Th>
          <Th className="text-right">Runs</Th>
          {kind === "leastReliable" ? (
            <>
              <Th className="text-right">
                <abbr title={SUCCESS_RATE_DEFINITION} className="no-underline">
                  Success
                </abbr>
              </Th>
              <Th className="text-right max-sm:hidden">MTTR</Th>
              <Th className="text-right max-md:hidden">Failing since</Th>
            </>
          ) : (
            <>
              <Th className="text-right">p50</Th>
              <Th className="text-right">p95</Th>
              <Th className="text-right">
                <abbr title="p95 against the baseline window" className="no-underline">
                  vs baseline
                </abbr>
              </Th>
            </>
          )}
        </>
      }
    >
      {items.map((item) => (
        <tr
          key={`${item.repo}\u0000${item.workflow}`}
          data-testid="workflow-row"
          className="hover:bg-surface-muted/50"
        >
          <td className={`${tdClass} max-w-0 w-full`}>
            <Link
              href={metricPageHref("/insights", { ...filters, repo: item.repo, workflow: item.workflow })}
              className="block truncate font-medium hover:text-accent hover:underline"
              title={`${item.repo} · ${item.workflow} — show only this workflow`}
            >
              {item.workflow || "(unnamed)"}
            </Link>
            <div data-testid="workflow-repo" className="truncate text-xs text-muted">
              {item.repo}
            </div>
          </td>
          <td className={num}>{formatCount(item.total)}</td>
          {kind === "leastReliable" ? (
            <>
              <td className={num}>{formatPercent(item.successRate)}</td>
              <td className={`${num} max-sm:hidden`}>{formatDuration(item.mttrMs)}</td>
              <td className={`${num} text-muted max-md:hidden`}>
                {item.failingSince ? <RelativeTime iso={item.failingSince} /> : EMPTY}
              </td>
            </>
          ) : (
            <>
              <td className={num}>
                {kind === "regressions" && (
                  <span className="text-muted">{formatDuration(item.baseline.p50)} → </span>
                )}
                {formatDuration(item.p50)}
              </td>
              <td className={num}>
                {kind === "regressions" && (
                  <span className="text-muted">{formatDuration(item.baseline.p95)} → </span>
                )}
                {formatDuration(item.p95)}
              </td>
              <td className={`${num} ${changeClass(item.change.p95, item.regression)}`}>
                {formatChange(kind === "regressions" ? maxChange(item) : item.change.p95)}
              </td>
            </>
          )}
        </tr>
      ))}
    </Table>
  );
}

/** The larger of the p50 and p95 changes: the one that made it a regression. */
const maxChange = (item: WorkflowHealth) => {
  const { p50, p95 } = item.change;
  if (p50 == null) return p95;
  if (p95 == null) return p50;
  return Math.max(p50, p95);
};
