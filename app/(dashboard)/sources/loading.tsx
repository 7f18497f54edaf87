import { SourceBoardSkeleton } from "@/components/sources/source-board";

/** Shown while the Sources page's code loads. */
export default function SourcesLoading() {
  return (
    <div className="space-y-4">
      <div className="h-6 w-32 animate-pulse rounded bg-surface-muted" />
      <SourceBoardSkeleton />
    </div>
  );
}
