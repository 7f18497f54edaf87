"use client";

import { memo } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TimeseriesResponse } from "@/lib/metrics";
import {
  BUCKET_NAMES,
  bucketLabel,
  describeSeries,
  durationTicks,
  formatCount,
  formatDurationTick,
} from "@/components/common/chart-format";
import {
  ChartFigure,
  ChartLegend,
  ChartTooltip,
  chartTheme,
  isolatedDot,
  timeAxisProps,
  valueAxisProps,
  type LegendItem,
} from "./chart-parts";
import { formatDuration } from "@/components/common/format";
import { GroupedLinesChart } from "./grouped-lines-chart";
import { groupedRows, mainSeries, seriesRows, type SeriesRow } from "./metric-series";

/** Props of {@link PercentileChart}. */
export interface PercentileChartProps {
  response: TimeseriesResponse;
  /** What the durations are: "Job duration", "Queue time". */
  subject: string;
  /** A `--chart-*` colour. */
  colour: string;
  "data-testid"?: string;
}

/** Opacity of each band; they overlap from p50 up, so the p50–p90 core reads darkest. */
const BANDS = [
  { key: "band99", label: "p50–p99", opacity: 0.12 },
  { key: "band95", label: "p50–p95", opacity: 0.16 },
  { key: "band90", label: "p50–p90", opacity: 0.22 },
] as const;

/**
 * Durations per bucket: the p50 as a line over shaded p90, p95 and p99 bands,
 * with exact percentiles in the tooltip. Grouped: the p50 of each group.
 * Memoised: a live refetch that changed nothing returns the same answer object, so the chart is not redrawn.
 */
export const PercentileChart = memo(function PercentileChart({
  response,
  subject,
  colour,
  "data-testid": testId,
}: PercentileChartProps) {
  const title = `${subject} percentiles ${BUCKET_NAMES[response.bucket]} over the last ${response.window}`;
  if (response.groupBy) {
    const grouped = groupedRows(response, (p) => p.p50 ?? null);
    const ticks = durationTicks(
      Math.max(0, ...grouped.rows.flatMap((row) => grouped.lines.map((l) => row[l.dataKey] ?? 0))),
    );
    return (
      <GroupedLinesChart
        response={response}
        grouped={grouped}
        label={`${subject} p50 ${BUCKET_NAMES[response.bucket]} over the last ${response.window}, one line per ${response.groupBy}: ${grouped.lines.map((l) => l.name).join(", ")}`}
        formatValue={formatDuration}
        formatTick={formatDurationTick}
        ticks={ticks}
        domain={[0, ticks.at(-1)!]}
        data-testid={testId}
      />
    );
  }
  const rows = seriesRows(mainSeries(response));
  const ticks = durationTicks(Math.max(0, ...rows.map((r) => r.p99 ?? r.p95 ?? r.p90 ?? r.p50 ?? 0)));
  const p50 = describeSeries(
    rows.map((r) => ({ t: r.t, value: r.p50 ?? null })),
    formatDuration,
    response.bucket,
  );
  const p95 = describeSeries(
    rows.map((r) => ({ t: r.t, value: r.p95 ?? null })),
    formatDuration,
    response.bucket,
  );
  const legend: LegendItem[] = [
    { label: "p50", color: colour },
    ...BANDS.map(({ label, opacity }) => ({
      label,
      color: colour,
      shape: "band" as const,
      opacity: opacity * 2.5,
    })),
  ];
  return (
    <ChartFigure
      label={`${title}. p50: ${p50}. p95: ${p95}.`}
      legend={<ChartLegend items={legend} />}
      data-testid={testId}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={rows}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis {...timeAxisProps(response, rows)} />
          <YAxis
            {...valueAxisProps}
            domain={[0, ticks.at(-1)!]}
            ticks={ticks}
            interval={0}
            tickFormatter={formatDurationTick}
          />
          <Tooltip
            cursor={{ stroke: chartTheme.cursor }}
            content={(props) => (
              <ChartTooltip<SeriesRow>
                active={props.active}
                payload={props.payload}
                title={(row) => bucketLabel(row.t, response.bucket)}
                note={(row) => `over ${formatCount(row.count)} jobs`}
                lines={(row) => [
                  { label: "p50", value: formatDuration(row.p50), color: colour },
                  { label: "p90", value: formatDuration(row.p90) },
                  { label: "p95", value: formatDuration(row.p95) },
                  { label: "p99", value: formatDuration(row.p99) },
                  { label: "max", value: formatDuration(row.max) },
                ]}
              />
            )}
          />
          {BANDS.map(({ key, label, opacity }) => (
            <Area
              key={key}
              dataKey={key}
              name={label}
              type="monotone"
              stroke="none"
              fill={colour}
              fillOpacity={opacity}
              activeDot={false}
              isAnimationActive={false}
            />
          ))}
          <Line
            dataKey="p50"
            name="p50"
            type="monotone"
            stroke={colour}
            strokeWidth={2}
            dot={isolatedDot(
              rows.map((r) => r.p50),
              colour,
            )}
            activeDot={{ r: 3.5, strokeWidth: 0, fill: colour }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
