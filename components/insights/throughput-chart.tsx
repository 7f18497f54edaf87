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

/** Props of {@link ThroughputChart}. */
export interface ThroughputChartProps {
  response: TimeseriesResponse;
}

const STARTED = "var(--chart-started)";
const FINISHED = "var(--chart-finished)";

/**
 * Jobs started and finished per bucket, side by side.
 * Memoised: a live refetch that changed nothing returns the same answer object, so the chart is not redrawn.
 */
export const ThroughputChart = memo(function ThroughputChart({ response }: ThroughputChartProps) {
  const rows = seriesRows(mainSeries(response));
  const started = rows.reduce((sum, r) => sum + (r.started ?? 0), 0);
  const finished = rows.reduce((sum, r) => sum + (r.finished ?? 0), 0);
  const busiest = rows.reduce<SeriesRow | null>(
    (best, r) => ((r.finished ?? 0) > (best?.finished ?? 0) ? r : best),
    null,
  );
  const label =
    `Jobs started and finished ${BUCKET_NAMES[response.bucket]} over the last ${response.window}: ` +
    `${formatCount(started)} started, ${formatCount(finished)} finished` +
    (busiest
      ? `; busiest ${bucketLabel(busiest.t, response.bucket)} with ${formatCount(busiest.finished ?? 0)} finished.`
      : ".");
  return (
    <ChartFigure
      label={label}
      data-testid="chart-throughput"
      legend={
        <ChartLegend
          items={[
            { label: "Started", color: STARTED, shape: "bar" },
            { label: "Finished", color: FINISHED, shape: "bar" },
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          barGap={1}
          accessibilityLayer={false}
        >
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
                lines={(row) => [
                  { label: "Started", value: formatCount(row.started ?? 0), color: STARTED },
                  { label: "Finished", value: formatCount(row.finished ?? 0), color: FINISHED },
                ]}
              />
            )}
          />
          <Bar
            dataKey="started"
            name="Started"
            fill={STARTED}
            radius={[2, 2, 0, 0]}
            isAnimationActive={false}
          />
          <Bar
            dataKey="finished"
            name="Finished"
            fill={FINISHED}
            radius={[2, 2, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
