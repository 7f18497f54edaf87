"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { SUCCESS_RATE_DEFINITION, type WorkflowHealth } from "@/lib/metrics";
import { FailureCausesChart } from "./failure-causes-chart";
import { FlakyTable } from "./flaky-table";
import { metricPageHref, metricQueryOf, type MetricFilters } from "./metric-filter-state";
import { MetricPanel } from "./metric-panel";
import { failuresQuery, flakyQuery, workflowsQuery } from "@/components/api/metrics-queries";
import { linkClass } from "@/components/ui/classes";
import { WorkflowHealthTable, type WorkflowTableKind } from "./workflow-health-table";

/** Props of {@link InsightsTables}. */
export interface InsightsTablesProps {
  filters: MetricFilters;
  /** What an empty panel says when nothing was counted at all. */
  empty: ReactNode;
}

/** Rows per workflow table. */
const WORKFLOW_ROWS = 8;
/** Rows of the flaky table. */
const FLAKY_ROWS = 8;

const WORKFLOW_PANELS: readonly {
  kind: WorkflowTableKind;
  title: string;
  description: string;
  empty: string;
  wide?: boolean;
}[] = [
  {
    kind: "slowest",
    title: "Slowest workflows",
    description: "By p95 duration, against the 28 days before",
    empty: "No workflow finished in this window.",
  },
  {
    kind: "leastReliable",
    title: "Least reliable workflows",
    description: `By success rate (${SUCCESS_RATE_DEFINITION.replace(/\.$/, "").toLowerCase()}); MTTR and failing streaks on the default branch`,
    empty: "No workflow finished in this window.",
  },
  {
    kind: "regressions",
    title: "Build-time regressions",
    description: "Workflows whose p50 or p95 grew past the threshold against the 28 days before",
    empty: "No regressions: every workflow is as fast as its baseline.",
    wide: true,
  },
];

/** Failure causes, flaky jobs, and the workflow tables of Insights. */
export function InsightsTables({ filters, empty }: InsightsTablesProps) {
  const query = metricQueryOf(filters);
  // No sample: the chart draws counts only; Triage lists the jobs.
  const failures = useQuery(failuresQuery({ ...query, groupBy: "cause", sample: 0 }));
  const flaky = useQuery(flakyQuery({ ...query, limit: FLAKY_ROWS }));
  const workflows = useQuery(workflowsQuery({ ...query, limit: WORKFLOW_ROWS }));
  const rows = (kind: WorkflowTableKind): readonly WorkflowHealth[] => workflows.data?.[kind] ?? [];

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <MetricPanel
        title="Top failure causes"
        headingId="chart-causes-heading"
        description="Failed, timed-out and lost jobs, by cause (cancellations are not failures)"
        actions={
          <Link href={metricPageHref("/triage", filters)} className={`${linkClass} text-xs`}>
            Open Triage
          </Link>
        }
        query={failures}
        what="failure causes"
        isEmpty={(data) => data.groups.length === 0}
        empty="No failures in this window."
        data-testid="panel-failure-causes"
      >
        {(data) => <FailureCausesChart response={data} />}
      </MetricPanel>
      <MetricPanel
        title="Flaky jobs"
        headingId="table-flaky-heading"
        description="Failed, then passed on a retry of the same commit"
        query={flaky}
        what="flaky jobs"
        isEmpty={(data) => data.items.length === 0}
        empty="No flaky jobs: nothing failed and then passed on the same commit."
        skeleton="table"
        data-testid="panel-flaky"
      >
        {(data) => <FlakyTable items={data.items} filters={filters} />}
      </MetricPanel>
      {WORKFLOW_PANELS.map((panel) => (
        <MetricPanel
          key={panel.kind}
          title={panel.title}
          headingId={`table-${panel.kind}-heading`}
          description={panel.description}
          query={workflows}
          what={panel.title.toLowerCase()}
          isEmpty={(data) => data[panel.kind].length === 0}
          empty={panel.kind === "regressions" ? panel.empty : empty}
          skeleton="table"
          className={panel.wide ? "lg:col-span-2" : ""}
          data-testid={`panel-${panel.kind}`}
        >
          {() => (
            <WorkflowHealthTable
              kind={panel.kind}
              items={rows(panel.kind)}
              caption={panel.title}
              filters={filters}
            />
          )}
        </MetricPanel>
      ))}
    </div>
  );
}
