import type { Metadata } from "next";
import { Suspense } from "react";
import { redirect } from "next/navigation";
import { RECENT_LIMIT, jobListQuery } from "@/components/api/job-queries";
import { Prefetch } from "@/components/api/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/api/search-params";
import { LiveBoard } from "@/components/live/live-board";
import { liveJobFilters, parseLiveFilters } from "@/components/live/live-filters";
import { liveActiveQuery, liveFinishedParams } from "@/components/live/live-queries";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Live" };

/** Props of the Live page: Next.js hands it the query string. */
interface LivePageProps {
  searchParams: Promise<PageSearchParams>;
}

/**
 * `/`: jobs in progress and recently finished, live, narrowed by the filters in
 * the query string; both lists' first rows rendered on the server. `/?kiosk=1`
 * is the wallboard (`/wall`) with the same filters.
 */
export default async function LivePage({ searchParams }: LivePageProps) {
  const params = await searchParams;
  if (params.kiosk !== undefined && params.kiosk !== "0") {
    const rest = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (key !== "kiosk" && typeof value === "string") rest.set(key, value);
    const query = rest.toString();
    redirect(query ? `/wall?${query}` : "/wall");
  }
  const filters = parseLiveFilters(toSearchParams(params));
  // "Mine" needs the signed-in name, which the browser learns itself: its lists are read there.
  const jobFilters = filters.mine ? null : liveJobFilters(filters, null);
  return (
    <Suspense fallback={<TableSkeleton label="Loading in-progress jobs" rows={4} />}>
      <Prefetch
        load={(client) =>
          jobFilters
            ? [
                client.prefetchInfiniteQuery(liveActiveQuery(jobFilters)),
                client.prefetchQuery(jobListQuery(liveFinishedParams(jobFilters, RECENT_LIMIT))),
              ]
            : []
        }
      >
        <LiveBoard />
      </Prefetch>
    </Suspense>
  );
}
