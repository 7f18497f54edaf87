"use client";

import { useState } from "react";
import type { RunnersMetricsResponse } from "@/lib/metrics";
import type { RunnerStatus } from "@/lib/runner";
import { formatCount } from "@/components/common/chart-format";
import { formatDuration } from "@/components/common/format";
import { RunnerStatusBadge } from "./runner-status";
import { buttonClass, tdClass } from "@/components/ui/classes";
import { UtilisationBar } from "./utilisation-bar";
import { VendorBadge } from "@/components/common/vendor-badge";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link RunnerUtilisation}. */
export interface RunnerUtilisationProps {
  data: RunnersMetricsResponse;
}

/** Runners listed before "Show all". */
const FIRST_RUNNERS = 15;

const num = `${tdClass} text-right tabular-nums whitespace-nowrap`;

const isRunnerStatus = (status: string): status is RunnerStatus =>
  status === "busy" || status === "idle" || status === "offline";

/** Busy time over online time per pool, then per runner (busiest first). */
export function RunnerUtilisation({ data }: RunnerUtilisationProps) {
  const [all, setAll] = useState(false);
  const pools = [...data.pools].sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1));
  const runners = [...data.runners].sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1));
  const shown = all ? runners : runners.slice(0, FIRST_RUNNERS);
  return (
    <div className="divide-y divide-border">
      <Table
        caption="Utilisation per label pool"
        minWidthClass="min-w-[30rem]"
        data-testid="pool-utilisation"
        head={
          <>
            <Th>Pool</Th>
            <Th className="text-right">Runners</Th>
            <Th className="text-right max-sm:hidden">Jobs</Th>
            <Th className="text-right max-md:hidden">Busy time</Th>
            <Th>Utilisation</Th>
          </>
        }
      >
        {pools.map((pool) => (
          <tr key={pool.pool} data-testid="pool-utilisation-row">
            <td className={`${tdClass} w-full max-w-0 truncate font-mono text-[13px]`} title={pool.pool}>
              {pool.pool}
            </td>
            <td className={num}>{formatCount(pool.runners)}</td>
            <td className={`${num} max-sm:hidden`}>{formatCount(pool.jobs)}</td>
            <td className={`${num} max-md:hidden`}>{formatDuration(pool.busyMs)}</td>
            <td className={`${tdClass} whitespace-nowrap`}>
              <UtilisationBar value={pool.utilisation} subject={`Pool ${pool.pool}`} />
            </td>
          </tr>
        ))}
      </Table>
      <Table
        caption="Utilisation per runner, busiest first"
        minWidthClass="min-w-[34rem]"
        data-testid="runner-utilisation"
        head={
          <>
            <Th>Runner</Th>
            <Th className="max-lg:hidden">Pool</Th>
            <Th>Status</Th>
            <Th className="text-right max-sm:hidden">Jobs</Th>
            <Th>Utilisation</Th>
          </>
        }
      >
        {shown.map((runner) => (
          <tr key={runner.id} data-testid="runner-utilisation-row">
            <td className={`${tdClass} w-full max-w-0`}>
              <div className="truncate font-mono text-[13px] font-medium" title={runner.name}>
                {runner.name}
              </div>
              <VendorBadge source={runner.source} />
            </td>
            <td
              className={`${tdClass} max-w-48 truncate text-xs text-muted max-lg:hidden`}
              title={runner.pool}
            >
              {runner.pool}
            </td>
            <td className={tdClass}>
              {isRunnerStatus(runner.status) ? <RunnerStatusBadge status={runner.status} /> : runner.status}
            </td>
            <td className={`${num} max-sm:hidden`}>{formatCount(runner.jobs)}</td>
            <td className={`${tdClass} whitespace-nowrap`}>
              <UtilisationBar value={runner.utilisation} subject={`Runner ${runner.name}`} />
            </td>
          </tr>
        ))}
      </Table>
      {runners.length > FIRST_RUNNERS && (
        <div className="flex justify-center px-4 py-3">
          <button type="button" onClick={() => setAll((v) => !v)} className={buttonClass.secondary}>
            {all ? "Show the busiest only" : `Show all ${formatCount(runners.length)} runners`}
          </button>
        </div>
      )}
    </div>
  );
}
