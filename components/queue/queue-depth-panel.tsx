"use client";

import { memo } from "react";
import { queryOptions, keepPreviousData, useQuery } from "@tanstack/react-query";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { QueueDepthResponse } from "@/lib/queue-depth";
import { apiFetch } from "@/components/api/api-client";
import { formatCount } from "@/components/common/chart-format";
import { formatDateTime, formatDuration } from "@/components/common/format";
import {
  ChartFigure,
  ChartLegend,
  ChartTooltip,
  chartTheme,
  valueAxisProps,
} from "@/components/insights/chart-parts";
import { MetricPanel } from "@/components/insights/metric-panel";
import { QueueDepthPoolPicker } from "./queue-depth-pool-picker";

/** Props of {@link QueueDepthPanel}. */
export interface QueueDepthPanelProps {
  /** The metric window (`24h`, `7d`…). */
  window: string;
  /** One pool, or every pool summed (empty or absent). */
  pool?: string;
  /** With it, the panel offers a pool picker; the caller keeps the pick (in the URL). */
  onPoolChange?: (pool: string) => void;
}

const WAITING = "var(--chart-queue)";
const RUNNING = "var(--chart-started)";

/** `GET /api/v1/metrics/queue/depth`, refreshed every 30 s (the roll-up is by minute). */
const queueDepthQuery = (window: string, pool?: string) =>
  queryOptions({
    queryKey: ["metrics", "queue-depth", { window, pool }] as const,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ window, ...(pool ? { pool } : {}) });
      return apiFetch<QueueDepthResponse>(`/api/v1/metrics/queue/depth?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

/**
 * Queue depth over the window (waiting and running, the most in each bucket)
 * with the accuracy of the ETAs given beside it. Used on Queue and Insights.
 */
export function QueueDepthPanel({ window, pool: picked, onPoolChange }: QueueDepthPanelProps) {
  const pool = picked || undefined;
  const query = useQuery(queueDepthQuery(window, pool));
  return (
    <MetricPanel
      title="Queue depth"
      headingId="queue-depth-heading"
      description={`Jobs waiting and running${pool ? ` in ${pool}` : ", every pool"}, sampled at every change; ETA accuracy beside`}
      actions={
        onPoolChange ? (
          <QueueDepthPoolPicker window={window} value={pool ?? ""} onChange={onPoolChange} />
        ) : undefined
      }
      query={query}
      what="queue depth"
      isEmpty={(d) =>
        d.points.every((p) => p.waiting === 0 && p.running === 0) && d.accuracy.predictions === 0
      }
      empty="No job queued or ran in this window."
      data-testid="panel-queue-depth"
    >
      {(d) => (
        <div className="grid gap-2 lg:grid-cols-[1fr_14rem]">
          <DepthChart response={d} />
          <EtaAccuracyFigures response={d} />
        </div>
      )}
    </MetricPanel>
  );
}

interface Row {
  t: number;
  waiting: number;
  running: number;
}

const DepthChart = memo(function DepthChart({ response }: { response: QueueDepthResponse }) {
  const rows: Row[] = response.points.map((p) => ({
    t: Date.parse(p.at),
    waiting: p.waiting,
    running: p.running,
  }));
  const most = rows.reduce((m, r) => Math.max(m, r.waiting), 0);
  const label = `Queue depth over the last ${response.window}: at most ${formatCount(most)} jobs waiting at once.`;
  const tick = (t: number) =>
    new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return (
    <ChartFigure
      label={label}
      data-testid="chart-queue-depth"
      legend={
        <ChartLegend
          items={[
            { label: "Waiting", color: WAITING, shape: "bar" },
            { label: "Running", color: RUNNING, shape: "bar" },
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={tick}
            tick={chartTheme.tick}
            tickLine={false}
            axisLine={{ stroke: chartTheme.axis }}
            minTickGap={32}
          />
          <YAxis {...valueAxisProps} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} />
          <Tooltip
            content={(props) => (
              <ChartTooltip<Row>
                active={props.active}
                payload={props.payload}
                title={(row) => formatDateTime(new Date(row.t).toISOString())}
                lines={(row) => [
                  { label: "Waiting", value: formatCount(row.waiting), color: WAITING },
                  { label: "Running", value: formatCount(row.running), color: RUNNING },
                ]}
              />
            )}
          />
          <Area
            dataKey="running"
            name="Running"
            type="stepAfter"
            stroke={RUNNING}
            fill={RUNNING}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
          <Area
            dataKey="waiting"
            name="Waiting"
            type="stepAfter"
            stroke={WAITING}
            fill={WAITING}
            fillOpacity={0.3}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});

/** The accuracy of the ETAs given in the window, in words and figures. */
function EtaAccuracyFigures({ response }: { response: QueueDepthResponse }) {
  const { predictions, medianAbsErrorMs, within30 } = response.accuracy;
  return (
    <dl
      data-testid="eta-accuracy"
      className="grid content-start gap-3 px-4 py-3 text-sm lg:border-l lg:border-border"
    >
      <div>
        <dt className="text-xs text-muted">ETAs checked against their start</dt>
        <dd className="text-xl font-semibold tabular-nums">{formatCount(predictions)}</dd>
      </div>
      <div>
        <dt className="text-xs text-muted">Median error</dt>
        <dd className="text-xl font-semibold tabular-nums">
          {medianAbsErrorMs === null ? "—" : formatDuration(medianAbsErrorMs)}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-muted">Within ±30% of the wait</dt>
        <dd className="text-xl font-semibold tabular-nums">
          {within30 === null ? "—" : `${Math.round(within30 * 100)}%`}
        </dd>
      </div>
    </dl>
  );
}
