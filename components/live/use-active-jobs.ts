"use client";

import { useEffect, useMemo } from "react";
import { useInfiniteQuery, type UseInfiniteQueryResult } from "@tanstack/react-query";
import type { Job } from "@/lib/job";
import type { JobFilters } from "@/components/api/jobs-api";
import { LIVE_ACTIVE_MAX, liveActiveQuery } from "./live-queries";

/** What {@link useActiveJobs} returns. */
export interface ActiveJobs {
  query: UseInfiniteQueryResult<unknown, Error>;
  /** Every loaded in-progress job, in the server's order (newest first). */
  jobs: Job[];
  /** True when more than {@link LIVE_ACTIVE_MAX} jobs are in progress and the rest were not loaded. */
  capped: boolean;
}

/**
 * Every in-progress job matching the filters, loaded page after page up to
 * {@link LIVE_ACTIVE_MAX} and kept current by the live patches (Live, wallboard).
 */
export function useActiveJobs(filters: Omit<JobFilters, "status">): ActiveJobs {
  const query = useInfiniteQuery(liveActiveQuery(filters));
  const { hasNextPage, isFetchingNextPage, fetchNextPage, data } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const jobs = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const capped = jobs.length >= LIVE_ACTIVE_MAX && Boolean(data?.pages.at(-1)?.nextCursor);
  return { query, jobs, capped };
}
