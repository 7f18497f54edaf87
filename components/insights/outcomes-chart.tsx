"use client";

import { memo } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimeseriesResponse } from "@/lib/metrics";
import { BUCKET_NAMES, bucketLabel, formatCount } from "@/components/common/chart-format";
import {
  ChartFigure,
  ChartLegend,
  ChartTooltip,
  chartTheme,
  timeAxisProps,
  valueAxisProps,
} from "./chart-parts";
import { mainSeries, seriesRows, type SeriesRow } from "./metric-series";

/** Props of {@link OutcomesChart}. */
export interface OutcomesChartProps {
  /** An ungrouped `success_rate` answer: its points carry every finished outcome's count. */
  response: TimeseriesResponse;
}

/**
 * The outcomes, each a segment of its own, bottom first: the decided ones the
 * success rate counts, then cancelled, skipped and neutral, which it does not.
 */
export const OUTCOME_SEGMENTS = [
  { key: "success", label: "Succeeded", color: "var(--chart-success)" },
  { key: "failure", label: "Failed", color: "var(--chart-failure)" },
  { key: "timed_out", label: "Timed out", color: "var(--chart-7)" },
  { key: "cancelled", label: "Cancelled", color: "var(--chart-10)" },
  { key: "skipped", label: "Skipped", color: "var(--chart-6)" },
  { key: "neutral", label: "Neutral", color: "var(--chart-3)" },
] as const satisfies readonly { key: keyof SeriesRow; label: string; color: string }[];

/** Totals of each outcome over the rows, in segment order. */
export function outcomeTotals(rows: readonly Pick<SeriesRow, (typeof OUTCOME_SEGMENTS)[number]["key"]>[]) {
  return OUTCOME_SEGMENTS.map((s) => ({ ...s, total: rows.reduce((sum, r) => sum + (r[s.key] ?? 0), 0) }));
}

/**
 * Jobs finished per bucket, stacked by outcome, so cancellations show as what
 * they are rather than inside the failures.
 * Memoised: a live refetch that changed nothing returns the same answer object.
 */
export const OutcomesChart = memo(function OutcomesChart({ response }: OutcomesChartProps) {
  const rows = seriesRows(mainSeries(response));
  const totals = outcomeTotals(rows);
  const label =
    `Jobs finished ${BUCKET_NAMES[response.bucket]} over the last ${response.window}, by outcome: ` +
    totals.map((t) => `${formatCount(t.total)} ${t.label.toLowerCase()}`).join(", ") +
    ".";
  return (
    <ChartFigure
      label={label}
      data-testid="chart-outcomes"
      legend={
        <ChartLegend
          items={OUTCOME_SEGMENTS.map((s) => ({ label: s.label, color: s.color, shape: "bar" }))}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis {...timeAxisProps(response, rows)} />
          <YAxis {...valueAxisProps} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} />
          <Tooltip
            cursor={{ fill: chartTheme.cursorFill }}
            content={(props) => (
              <ChartTooltip<SeriesRow>
                active={props.active}
                payload={props.payload}
                title={(row) => bucketLabel(row.t, response.bucket)}
                lines={(row) =>
                  OUTCOME_SEGMENTS.map((s) => ({
                    label: s.label,
                    value: formatCount(row[s.key] ?? 0),
                    color: s.color,
                  }))
                }
              />
            )}
          />
          {OUTCOME_SEGMENTS.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="outcome"
              fill={s.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
