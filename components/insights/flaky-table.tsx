"use client";

import Link from "next/link";
import type { FlakyItem } from "@/lib/metrics";
import { formatCount } from "@/components/common/chart-format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { metricPageHref, type MetricFilters } from "./metric-filter-state";
import { tdClass } from "@/components/ui/classes";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link FlakyTable}. */
export interface FlakyTableProps {
  items: readonly FlakyItem[];
  /** The page's filters, kept when a job's name narrows the page to it. */
  filters: MetricFilters;
}

const num = `${tdClass} text-right tabular-nums whitespace-nowrap`;

/** Jobs that failed and then passed on the same commit, most flaky first. */
export function FlakyTable({ items, filters }: FlakyTableProps) {
  return (
    <Table
      caption="Flaky jobs, most flaky first"
      minWidthClass="min-w-[26rem]"
      data-testid="flaky-table"
      head={
        <>
          <Th>Job</Th>
          <Th className="text-right">
            <abbr title="Failures a later success on the same commit contradicted" className="no-underline">
              Flaky fails
            </abbr>
          </Th>
          <Th className="text-right">Commits</Th>
          <Th className="text-right max-sm:hidden">Last seen</Th>
        </>
      }
    >
      {items.map((item) => (
        <tr
          key={`${item.repo}\u0000${item.workflow}\u0000${item.job}`}
          data-testid="flaky-row"
          className="hover:bg-surface-muted/50"
        >
          <td className={`${tdClass} w-full max-w-0`}>
            <Link
              href={metricPageHref("/insights", {
                ...filters,
                repo: item.repo,
                workflow: item.workflow,
                job: item.job,
              })}
              className="block truncate font-medium hover:text-accent hover:underline"
              title={`${item.job} — show only this job`}
            >
              {item.job}
            </Link>
            <div className="truncate text-xs text-muted">
              {item.repo} · {item.workflow}
            </div>
          </td>
          <td className={num}>{formatCount(item.flakyFailures)}</td>
          <td className={num}>{formatCount(item.commits)}</td>
          <td className={`${num} text-muted max-sm:hidden`}>
            <RelativeTime iso={item.lastSeenAt} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
