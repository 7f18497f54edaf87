import type { Metadata } from "next";
import { Prefetch } from "@/components/api/prefetch";
import { sourceListQuery } from "@/components/api/source-queries";
import { SourceBoard } from "@/components/sources/source-board";

export const metadata: Metadata = { title: "Sources" };

/** `/sources`: each webhook endpoint's configuration, delivery counts and setup steps, live. */
export default function SourcesPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Sources</h1>
        <p className="max-w-prose text-sm text-muted">
          The webhook endpoints CI systems report to: whether each is configured, what it received, and how to
          connect it. Counts update as deliveries arrive.
        </p>
      </div>
      <Prefetch load={(client) => [client.prefetchQuery(sourceListQuery())]}>
        <SourceBoard />
      </Prefetch>
    </div>
  );
}
