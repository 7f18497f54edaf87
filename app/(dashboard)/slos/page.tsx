import type { Metadata } from "next";
import { SloBoard } from "@/components/slos/slo-board";

export const metadata: Metadata = { title: "SLOs" };

/** `/slos`: every CI SLO with its 28-day error budget, burn rates and the runs that consumed it. */
export default function SlosPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">SLOs</h1>
        <p className="max-w-prose text-sm text-muted">
          Service-level objectives for CI, each judged event by event over 28 days. The budget bar shows how
          many bad events are still allowed; burn rates over 1 h and 5 m (page at 14.4×) and 6 h and 30 m
          (ticket at 6×) drive <code>slo_burn</code> alert rules.
        </p>
      </div>
      <SloBoard />
    </div>
  );
}
