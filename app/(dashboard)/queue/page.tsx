import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/query-state";
import { QueueBoard } from "@/components/queue/queue-board";

export const metadata: Metadata = { title: "Queue" };

/** `/queue`: every label pool now — waiting jobs, runners, utilisation and stuck jobs — live. */
export default function QueuePage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Queue</h1>
        <p className="text-sm text-muted">
          Jobs waiting for a runner, per label pool: how long they wait, whether the pool has capacity, and
          which jobs nothing can pick up.
        </p>
      </div>
      <Suspense fallback={<TableSkeleton label="Loading the queue" rows={6} />}>
        <QueueBoard />
      </Suspense>
    </div>
  );
}
