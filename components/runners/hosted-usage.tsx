"use client";

import { useQuery } from "@tanstack/react-query";
import { Receipt } from "lucide-react";
import { useState } from "react";
import type { UsageFigures, UsageResponse } from "@/lib/usage";
import { formatCount } from "@/components/common/chart-format";
import { VendorBadge } from "@/components/common/vendor-badge";
import { usageQuery } from "@/components/api/usage-queries";
import { tdClass } from "@/components/ui/classes";
import { Panel } from "@/components/ui/panel";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Table, Th } from "@/components/ui/table";
import { KIND_LABELS } from "./pool-kind";

const WINDOWS = [
  { value: "24h", label: "24h", name: "Last 24 hours" },
  { value: "7d", label: "7d", name: "Last 7 days" },
  { value: "30d", label: "30d", name: "Last 30 days" },
] as const;

type UsageWindow = (typeof WINDOWS)[number]["value"];

const num = `${tdClass} text-right tabular-nums whitespace-nowrap`;

/** A cost as money, or a dash when no price is set. */
export const formatCost = (cost: number | null) =>
  cost === null
    ? "—"
    : cost.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

function Figures({ figures }: { figures: UsageFigures }) {
  return (
    <>
      <td className={`${num} max-sm:hidden`}>{formatCount(figures.jobs)}</td>
      <td className={num}>{formatCount(figures.minutes)}</td>
      <td className={num}>{formatCost(figures.cost)}</td>
    </>
  );
}

function UsageTables({ data }: { data: UsageResponse }) {
  return (
    <div className="divide-y divide-border">
      <dl className="flex flex-wrap gap-x-8 gap-y-2 px-4 py-3 text-sm">
        <div>
          <dt className="text-xs text-muted">Billable minutes</dt>
          <dd data-testid="usage-total-minutes" className="text-xl font-semibold tabular-nums">
            {formatCount(data.total.minutes)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Cost</dt>
          <dd data-testid="usage-total-cost" className="text-xl font-semibold tabular-nums">
            {formatCost(data.total.cost)}
          </dd>
        </div>
      </dl>
      <Table
        caption="Hosted minutes and cost per pool"
        minWidthClass="min-w-[20rem]"
        data-testid="usage-pools"
        head={
          <>
            <Th>Pool</Th>
            <Th className="text-right max-sm:hidden">Jobs</Th>
            <Th className="text-right">Minutes</Th>
            <Th className="text-right">Cost</Th>
          </>
        }
      >
        {data.pools.map((pool) => (
          <tr key={`${pool.source}:${pool.pool}`} data-testid="usage-pool-row">
            <td className={`${tdClass} max-w-0 truncate`} title={pool.pool}>
              <span className="flex min-w-0 items-center gap-2">
                <VendorBadge source={pool.source} />
                <span className="truncate font-mono text-[13px]">{pool.pool}</span>
                <span className="sr-only">{KIND_LABELS[pool.kind]}</span>
              </span>
            </td>
            <Figures figures={pool} />
          </tr>
        ))}
      </Table>
      <Table
        caption="Hosted minutes and cost per repository"
        minWidthClass="min-w-[20rem]"
        data-testid="usage-repos"
        head={
          <>
            <Th>Repository</Th>
            <Th className="text-right max-sm:hidden">Jobs</Th>
            <Th className="text-right">Minutes</Th>
            <Th className="text-right">Cost</Th>
          </>
        }
      >
        {data.repos.map((repo) => (
          <tr key={repo.repo} data-testid="usage-repo-row">
            <td className={`${tdClass} max-w-0 truncate`} title={repo.repo}>
              {repo.repo}
            </td>
            <Figures figures={repo} />
          </tr>
        ))}
      </Table>
    </div>
  );
}

/**
 * The "Hosted usage" panel: billable job minutes on vendor-hosted runners per
 * pool and per repository, with their cost when `RUNWATCH_RUNNER_PRICES` sets
 * a price for the runner type.
 */
export function HostedUsage() {
  const [span, setSpan] = useState<UsageWindow>("30d");
  const usage = useQuery(usageQuery(span));
  return (
    <Panel
      title="Hosted usage"
      headingId="hosted-usage-heading"
      data-testid="hosted-usage"
      actions={
        <SegmentedControl
          legend="Usage window"
          name="usage-window"
          options={WINDOWS}
          value={span}
          onChange={setSpan}
        />
      }
    >
      {usage.isPending ? (
        <TableSkeleton label="Loading hosted usage" rows={3} />
      ) : usage.isError && !usage.data ? (
        <QueryError what="hosted usage" error={usage.error} onRetry={() => void usage.refetch()} />
      ) : usage.data.items.length === 0 ? (
        <EmptyState
          icon={<Receipt className="size-6" aria-hidden />}
          title="No hosted minutes in this window"
        >
          Jobs that run on GitHub-hosted runners or GitLab.com instance runners (or on pools set to hosted)
          are counted here, with their cost when <code>RUNWATCH_RUNNER_PRICES</code> is set.
        </EmptyState>
      ) : (
        <UsageTables data={usage.data} />
      )}
    </Panel>
  );
}
