"use client";

import Link from "next/link";
import type { FlakyItem } from "@/lib/metrics";
import { formatCount } from "@/components/common/chart-format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { metricPageHref, type MetricFilters } from "./metric-filter-state";
import { tdClass, thClass, theadClass } from "@/components/ui/classes";

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
    <div className="overflow-x-auto">
      <table className="w-full min-w-[26rem] border-collapse text-sm" data-testid="flaky-table">
        <caption className="sr-only">Flaky jobs, most flaky first</caption>
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={thClass}>
              Job
            </th>
            <th scope="col" className={`${thClass} text-right`}>
              <abbr title="Failures a later success on the same commit contradicted" className="no-underline">
                Flaky fails
              </abbr>
            </th>
            <th scope="col" className={`${thClass} text-right`}>
              Commits
            </th>
            <th scope="col" className={`${thClass} text-right max-sm:hidden`}>
              Last seen
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
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
        </tbody>
      </table>
    </div>
  );
}
