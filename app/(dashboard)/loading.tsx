import { TableSkeleton } from "@/components/ui/query-state";

/** Shown while a dashboard page's code loads. */
export default function DashboardLoading() {
  return (
    <div className="space-y-4">
      <div className="h-6 w-32 animate-pulse rounded bg-surface-muted" />
      <div className="overflow-hidden rounded-xl border border-border bg-surface">
        <TableSkeleton label="Loading" rows={6} />
      </div>
    </div>
  );
}
