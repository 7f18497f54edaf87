"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatCount } from "@/components/common/chart-format";
import { FailureGroup } from "./failure-group";
import { hasMetricFilters, metricQueryOf, useMetricFilters } from "@/components/insights/metric-filter-state";
import { MetricFilterBar, windowName } from "@/components/insights/metric-filters";
import { MetricPanel } from "@/components/insights/metric-panel";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { failuresQuery } from "@/components/api/metrics-queries";
import { useLiveMetrics } from "@/components/insights/use-live-metrics";

/** The URL parameter of the grouping toggle. */
const GROUP_PARAM = "group";

/** How Triage can group; `cause` when the URL says nothing else. */
const GROUPINGS = [
  { value: "cause", label: "By cause" },
  { value: "workflow", label: "By workflow" },
  { value: "category", label: "Infra or code" },
] as const;

type Grouping = (typeof GROUPINGS)[number]["value"];

/** The URL parameter of the outcome toggle: cancellations are listed only when asked for, and alone. */
const OUTCOME_PARAM = "outcome";

const OUTCOMES = [
  { value: "failed", label: "Failures" },
  { value: "cancelled", label: "Cancellations" },
] as const;

type Outcome = (typeof OUTCOMES)[number]["value"];

/** Failing jobs listed per group. */
const SAMPLE = 10;

/**
 * The Triage page body: recent failures grouped by cause, by workflow or by
 * who must act (infrastructure or code), each
 * group opening onto its latest failing jobs, with a total that follows new
 * failures as they arrive. Reads `useSearchParams`; render inside `<Suspense>`.
 */
export function TriageBoard() {
  const { filters, set, setParam, param, clear } = useMetricFilters();
  const groupBy: Grouping = GROUPINGS.find((g) => g.value === param(GROUP_PARAM))?.value ?? "cause";
  const outcome: Outcome = param(OUTCOME_PARAM) === "cancelled" ? "cancelled" : "failed";
  const cancelled = outcome === "cancelled";
  useLiveMetrics({ source: filters.source, repo: filters.repo });
  const failures = useQuery(
    failuresQuery({
      ...metricQueryOf(filters),
      groupBy,
      sample: SAMPLE,
      ...(cancelled ? { outcome } : {}),
    }),
  );
  // Open groups by grouping and key, so switching the grouping back finds them as they were.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      const id = `${outcome}:${groupBy}:${key}`;
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const total = failures.data?.total;

  return (
    <div className="space-y-4">
      <MetricFilterBar label="Filter failures" filters={filters} onChange={set} onClear={clear} />
      <MetricPanel
        title={
          <>
            {cancelled ? "Cancellations" : "Failures"}{" "}
            <span
              aria-live="polite"
              data-testid="triage-total"
              className="font-normal text-muted tabular-nums"
            >
              {total === undefined ? "" : `${formatCount(total)} in ${windowName(filters.window)}`}
            </span>
          </>
        }
        headingId="triage-heading"
        description={
          cancelled
            ? "Cancelled jobs alone (a person or a newer push stopped them); largest groups first"
            : "Failed and timed-out jobs, and jobs whose runner was lost (cancellations are not failures); largest groups first"
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <SegmentedControl
              legend="Show"
              name="triage-outcome"
              options={OUTCOMES}
              value={outcome}
              onChange={(value) => setParam(OUTCOME_PARAM, value === "failed" ? "" : value)}
            />
            <SegmentedControl
              legend="Group failures"
              name="triage-group"
              options={GROUPINGS}
              value={groupBy}
              onChange={(value) => setParam(GROUP_PARAM, value === "cause" ? "" : value)}
            />
          </div>
        }
        query={failures}
        what={cancelled ? "cancellations" : "failures"}
        isEmpty={(data) => data.groups.length === 0}
        empty={
          cancelled
            ? `No cancellations in ${windowName(filters.window)}.`
            : hasMetricFilters(filters)
              ? `No failures match these filters in ${windowName(filters.window)}.`
              : `No failures in ${windowName(filters.window)}. Nothing to triage.`
        }
        skeleton="table"
        data-testid="panel-triage"
      >
        {(data) => (
          <ul aria-label={`Failure groups, by ${data.groupBy}`}>
            {data.groups.map((group) => (
              <FailureGroup
                key={group.key}
                group={group}
                groupBy={data.groupBy}
                expanded={open.has(`${outcome}:${data.groupBy}:${group.key}`)}
                onToggle={() => toggle(group.key)}
              />
            ))}
          </ul>
        )}
      </MetricPanel>
    </div>
  );
}
