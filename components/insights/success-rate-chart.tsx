"use client";

import { memo } from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimeseriesResponse } from "@/lib/metrics";
import {
  BUCKET_NAMES,
  bucketLabel,
  describeSeries,
  formatCount,
  formatPercent,
} from "@/components/common/chart-format";
import {
  ChartFigure,
  ChartTooltip,
  chartTheme,
  isolatedDot,
  timeAxisProps,
  valueAxisProps,
} from "./chart-parts";
import { GroupedLinesChart } from "./grouped-lines-chart";
import { groupedRows, mainSeries, seriesRows, type SeriesRow } from "./metric-series";

/** Props of {@link SuccessRateChart}. */
export interface SuccessRateChartProps {
  response: TimeseriesResponse;
}

const COLOUR = "var(--chart-success)";

/** Lowest tick of the rate axis: a little under the lowest rate, so a dip from 99% to 94% is visible. */
const rateFloor = (lowest: number) => Math.max(0, Math.floor((lowest - 5) / 10) * 10);

/**
 * Success rate per bucket as an area (one line per group when grouped), 0–100%.
 * Memoised: a live refetch that changed nothing returns the same answer object, so the chart is not redrawn.
 */
export const SuccessRateChart = memo(function SuccessRateChart({ response }: SuccessRateChartProps) {
  const subject = `Success rate ${BUCKET_NAMES[response.bucket]} over the last ${response.window}`;
  if (response.groupBy) {
    const grouped = groupedRows(response, (p) => (p.value == null ? null : p.value * 100));
    return (
      <GroupedLinesChart
        response={response}
        grouped={grouped}
        label={`${subject}, one line per ${response.groupBy}: ${grouped.lines.map((l) => l.name).join(", ")}`}
        formatValue={(v) => formatPercent(v / 100)}
        formatTick={(v) => `${v}%`}
        domain={[rateFloor, 100]}
        data-testid="chart-success-rate"
      />
    );
  }
  const rows = seriesRows(mainSeries(response));
  const summary = describeSeries(
    rows.map((r) => ({ t: r.t, value: r.value })),
    (v) => formatPercent(v),
    response.bucket,
  );
  return (
    <ChartFigure label={`${subject}: ${summary}.`} data-testid="chart-success-rate">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis {...timeAxisProps(response, rows)} />
          <YAxis {...valueAxisProps} domain={[rateFloor, 100]} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip
            cursor={{ stroke: chartTheme.cursor }}
            content={(props) => (
              <ChartTooltip<SeriesRow>
                active={props.active}
                payload={props.payload}
                title={(row) => bucketLabel(row.t, response.bucket)}
                note={(row) => `${formatCount(row.count)} jobs counted`}
                lines={(row) => [
                  { label: "Success rate", value: formatPercent(row.value), color: COLOUR },
                  { label: "Succeeded", value: formatCount(row.success ?? 0) },
                  { label: "Failed", value: formatCount(row.failure ?? 0) },
                  { label: "Timed out", value: formatCount(row.timed_out ?? 0) },
                  { label: "Cancelled (not counted)", value: formatCount(row.cancelled ?? 0) },
                ]}
              />
            )}
          />
          <Area
            dataKey="percent"
            name="Success rate"
            type="monotone"
            stroke={COLOUR}
            strokeWidth={2}
            fill={COLOUR}
            fillOpacity={0.14}
            baseValue="dataMin"
            dot={isolatedDot(
              rows.map((r) => r.percent),
              COLOUR,
            )}
            activeDot={{ r: 3.5, strokeWidth: 0, fill: COLOUR }}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
