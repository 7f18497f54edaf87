import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/query-state";
import { HostedUsage } from "@/components/runners/hosted-usage";
import { ACTIVE_PARAMS, jobListQuery } from "@/components/api/job-queries";
import { Prefetch } from "@/components/api/prefetch";
import { runnerListQuery } from "@/components/api/runner-queries";
import { RunnerBoard } from "@/components/runners/runner-board";

export const metadata: Metadata = { title: "Runners" };

/** `/runners`: every runner and agent, grouped by label pool, live. Filters live in the query string. */
export default function RunnersPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Runners</h1>
        <p className="text-sm text-muted">
          Every runner and agent Runwatch has heard of, grouped by the labels jobs ask for. Hosted and
          ephemeral runners leave the list when their job ends; their minutes are under Hosted usage.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading runners" rows={6} />}>
        <Prefetch
          load={(client) => [
            client.prefetchQuery(runnerListQuery()),
            client.prefetchQuery(jobListQuery(ACTIVE_PARAMS)),
          ]}
        >
          <RunnerBoard />
        </Prefetch>
      </Suspense>
      <HostedUsage />
    </div>
  );
}
