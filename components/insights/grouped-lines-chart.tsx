"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type AxisDomainItem,
} from "recharts";
import type { TimeseriesResponse } from "@/lib/metrics";
import { bucketLabel } from "@/components/common/chart-format";
import {
  ChartFigure,
  ChartLegend,
  ChartTooltip,
  chartTheme,
  isolatedDot,
  timeAxisProps,
  valueAxisProps,
} from "./chart-parts";
import type { GroupedRows } from "./metric-series";

/** Series colours, in order; groups beyond them reuse them dashed. */
const PALETTE = Array.from({ length: 10 }, (_, i) => `var(--chart-${i + 1})`);

/** Props of {@link GroupedLinesChart}. */
export interface GroupedLinesChartProps {
  response: TimeseriesResponse;
  grouped: GroupedRows;
  /** Accessible name of the chart. */
  label: string;
  formatValue: (value: number) => string;
  formatTick: (value: number) => string;
  domain?: [AxisDomainItem, AxisDomainItem];
  /** Tick values of the value axis, when the caller picks round ones. */
  ticks?: number[];
  "data-testid"?: string;
}

/** One line per group (the busiest first), each in its own colour, with a legend naming them. */
export function GroupedLinesChart({
  response,
  grouped,
  label,
  formatValue,
  formatTick,
  domain = ["auto", "auto"],
  ticks,
  "data-testid": testId,
}: GroupedLinesChartProps) {
  const colour = (i: number) => PALETTE[i % PALETTE.length]!;
  return (
    <ChartFigure
      label={label}
      data-testid={testId}
      legend={
        <ChartLegend items={grouped.lines.map((line, i) => ({ label: line.name, color: colour(i) }))} />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={grouped.rows}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis {...timeAxisProps(response, grouped.rows)} />
          <YAxis
            {...valueAxisProps}
            domain={domain}
            ticks={ticks}
            interval={ticks ? 0 : undefined}
            tickFormatter={formatTick}
          />
          <Tooltip
            cursor={{ stroke: chartTheme.cursor }}
            content={(props) => (
              <ChartTooltip<GroupedRows["rows"][number]>
                active={props.active}
                payload={props.payload}
                title={(row) => bucketLabel(row.t, response.bucket)}
                lines={(row) =>
                  grouped.lines.map((line, i) => ({
                    label: line.name,
                    color: colour(i),
                    value: row[line.dataKey] == null ? "—" : formatValue(row[line.dataKey]!),
                  }))
                }
              />
            )}
          />
          {grouped.lines.map((line, i) => (
            <Line
              key={line.dataKey}
              dataKey={line.dataKey}
              name={line.name}
              type="monotone"
              stroke={colour(i)}
              strokeWidth={1.75}
              strokeDasharray={i >= PALETTE.length ? "4 3" : undefined}
              dot={isolatedDot(
                grouped.rows.map((row) => row[line.dataKey]),
                colour(i),
              )}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
