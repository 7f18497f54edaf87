"use client";

import type { ReactElement, ReactNode } from "react";
import { durationMs, type TimeseriesResponse } from "@/lib/metrics";
import { timeTickFormatter, timeTicks } from "@/components/common/chart-format";

/**
 * Chart styling from the theme's CSS variables, so every chart follows the
 * light and dark themes without re-rendering: SVG presentation attributes
 * accept `var(…)`.
 */
export const chartTheme = {
  grid: "var(--border)",
  axis: "var(--border-strong)",
  cursor: "var(--border-strong)",
  cursorFill: "var(--surface-muted)",
  tick: { fill: "var(--muted)", fontSize: 11 },
} as const;

/**
 * Props every time-axis chart's `XAxis` shares: local-time ticks suited to the
 * answer's window and bucket, placed on round boundaries among the plotted
 * `rows` ({@link timeTicks}), and thinned further by Recharts when the chart
 * is too narrow for them (a phone), so labels never crowd.
 */
export const timeAxisProps = (
  response: Pick<TimeseriesResponse, "bucket" | "window">,
  rows: readonly { t: number }[],
) =>
  ({
    dataKey: "t",
    ticks: timeTicks(
      rows.map((row) => row.t),
      response.bucket,
    ),
    tickFormatter: timeTickFormatter(response.bucket, durationMs(response.window) ?? 0),
    tick: chartTheme.tick,
    tickLine: false,
    axisLine: { stroke: chartTheme.axis },
    minTickGap: 24,
    interval: "preserveStartEnd",
  }) as const;

/** What Recharts hands a custom dot. */
interface DotRenderProps {
  cx?: number;
  cy?: number;
  index?: number;
}

/**
 * A `dot` renderer that marks only isolated points (no value on either side):
 * a line through sparse buckets would otherwise draw nothing for them.
 */
export function isolatedDot(values: readonly (number | null | undefined)[], colour: string) {
  return function IsolatedDot({ cx, cy, index = 0 }: DotRenderProps): ReactElement {
    const isolated = values[index] != null && values[index - 1] == null && values[index + 1] == null;
    if (!isolated || cx == null || cy == null) return <g key={`dot-${index}`} />;
    return <circle key={`dot-${index}`} cx={cx} cy={cy} r={2.5} fill={colour} />;
  };
}

/** Props every value axis shares. */
export const valueAxisProps = {
  tick: chartTheme.tick,
  tickLine: false,
  axisLine: false,
  width: 52,
} as const;

/** Props of {@link ChartFigure}. */
export interface ChartFigureProps {
  /** Summary of what the chart shows, read by assistive technology instead of the drawing. */
  label: string;
  /** Height class of the drawing area. */
  height?: string;
  legend?: ReactNode;
  children: ReactNode;
  "data-testid"?: string;
}

/**
 * A chart's drawing with an accessible name (`role="img"` + `aria-label`; the
 * SVG inside is presentation) and, under it, its legend as text.
 */
export function ChartFigure({
  label,
  height = "h-64",
  legend,
  children,
  "data-testid": testId,
}: ChartFigureProps) {
  return (
    <div className="px-2 pt-3 pb-2 sm:px-3">
      <div role="img" aria-label={label} data-testid={testId} className={`w-full ${height}`}>
        {children}
      </div>
      {legend}
    </div>
  );
}

/** One legend entry. */
export interface LegendItem {
  label: string;
  color: string;
  /** `line` for a line, `band` for a shaded area, `bar` for bars. */
  shape?: "line" | "band" | "bar";
  opacity?: number;
}

/** A chart legend as a list of swatches and names. */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul
      aria-label="Legend"
      className="mt-1 flex flex-wrap justify-center gap-x-4 gap-y-1 px-2 text-xs text-muted"
    >
      {items.map(({ label, color, shape = "line", opacity = 1 }) => (
        <li key={label} className="flex min-w-0 items-center gap-1.5">
          <span
            aria-hidden
            className={shape === "line" ? "h-0.5 w-3.5 rounded-full" : "size-2.5 rounded-sm"}
            style={{ backgroundColor: color, opacity }}
          />
          <span className="max-w-[14rem] truncate" title={label}>
            {label}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One line of a tooltip. */
export interface TooltipLine {
  label: string;
  value: string;
  color?: string;
}

/** Props of {@link ChartTooltip}: what Recharts hands a custom tooltip, plus how to read a row. */
export interface ChartTooltipProps<R> {
  active?: boolean;
  payload?: readonly { payload?: R }[];
  /** The tooltip's heading for a row, e.g. the bucket's local time span. */
  title: (row: R) => string;
  lines: (row: R) => TooltipLine[];
  /** A line under the title, e.g. how many jobs the bucket counted. */
  note?: (row: R) => string | null;
}

/** A tooltip with a title (a bucket's local time span, a group) and the exact values of its row. */
export function ChartTooltip<R>({ active, payload, title, lines, note }: ChartTooltipProps<R>) {
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  const extra = note?.(row);
  return (
    <div className="min-w-40 rounded-lg border border-border bg-surface px-3 py-2 text-xs text-foreground shadow-lg">
      <p className="font-medium">{title(row)}</p>
      {extra && <p className="text-muted">{extra}</p>}
      <dl className="mt-1.5 space-y-0.5">
        {lines(row).map(({ label, value, color }) => (
          <div key={label} className="flex items-center justify-between gap-4">
            <dt className="flex items-center gap-1.5 text-muted">
              {color && (
                <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: color }} />
              )}
              {label}
            </dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
