"use client";

import { isTerminal } from "@/lib/job";
import type { PipelineRun } from "@/lib/run";
import { formatDuration, msSince } from "@/components/common/format";
import { useNow } from "@/components/common/use-now";

/** Props of {@link RunDuration}. */
export interface RunDurationProps {
  run: Pick<PipelineRun, "status" | "startedAt" | "finishedAt" | "durationMs">;
}

/** A finished run's duration: the stored value, else finished − started. */
export function finishedRunMs(run: RunDurationProps["run"]): number | null {
  if (run.durationMs != null) return run.durationMs;
  if (!run.startedAt || !run.finishedAt) return null;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

function TickingRunDuration({ startedAt }: { startedAt: string }) {
  return <>{formatDuration(msSince(startedAt, useNow()))}</>;
}

/** A run's duration: ticks every second while it is in progress, fixed once it finished. */
export function RunDuration({ run }: RunDurationProps) {
  if (!isTerminal(run.status) && run.durationMs == null && run.startedAt && !run.finishedAt) {
    return <TickingRunDuration startedAt={run.startedAt} />;
  }
  return <>{formatDuration(finishedRunMs(run))}</>;
}
