"use client";

import { memo } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FailuresResponse } from "@/lib/metrics";
import { formatCount, formatPercent } from "@/components/common/chart-format";
import { ChartFigure, ChartTooltip, chartTheme, valueAxisProps } from "./chart-parts";
import { causeLabel } from "@/components/triage/failure-cause";
import { formatDateTime } from "@/components/common/format";

/** Props of {@link FailureCausesChart}. */
export interface FailureCausesChartProps {
  response: FailuresResponse;
}

/** Most causes drawn; the rest are in Triage. */
const MAX_BARS = 8;
const COLOUR = "var(--chart-failure)";

interface CauseRow {
  label: string;
  count: number;
  share: number;
  lastAt: string;
}

/**
 * Failure causes as horizontal bars, largest first.
 * Memoised: a live refetch that changed nothing returns the same answer object, so the chart is not redrawn.
 */
export const FailureCausesChart = memo(function FailureCausesChart({ response }: FailureCausesChartProps) {
  const rows: CauseRow[] = response.groups.slice(0, MAX_BARS).map((group) => ({
    label: causeLabel(group.key),
    count: group.count,
    share: group.share,
    lastAt: group.lastAt,
  }));
  const label =
    `Top failure causes over the last ${response.window}, ${formatCount(response.total)} failures in all: ` +
    rows.map((r) => `${r.label} ${formatCount(r.count)} (${formatPercent(r.share, 0)})`).join(", ");
  return (
    <ChartFigure label={label} height="" data-testid="chart-failure-causes">
      <div style={{ height: rows.length * 34 + 32 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 4 }}
            barCategoryGap={6}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              allowDecimals={false}
              tick={chartTheme.tick}
              tickLine={false}
              axisLine={{ stroke: chartTheme.axis }}
            />
            <YAxis type="category" dataKey="label" {...valueAxisProps} width={150} interval={0} />
            <Tooltip
              cursor={{ fill: chartTheme.cursorFill }}
              content={(props) => (
                <ChartTooltip<CauseRow>
                  active={props.active}
                  payload={props.payload}
                  title={(row) => row.label}
                  note={(row) => `last ${formatDateTime(row.lastAt)}`}
                  lines={(row) => [
                    { label: "Failures", value: formatCount(row.count), color: COLOUR },
                    { label: "Share", value: formatPercent(row.share) },
                  ]}
                />
              )}
            />
            <Bar
              dataKey="count"
              name="Failures"
              fill={COLOUR}
              radius={[0, 3, 3, 0]}
              maxBarSize={22}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
});
