/**
 * Live's and the wallboard's job queries. They live under the job list keys
 * (`jobKeys.pagesOf` / `jobKeys.list`), so the one live hook (`useLiveJobs`)
 * patches them from the socket, filters included (`matchesParams`).
 */
import { infiniteQueryOptions } from "@tanstack/react-query";
import { ACTIVE_STATUSES, TERMINAL_STATUSES } from "@/lib/job";
import { MAX_PAGE_SIZE } from "@/lib/api";
import { jobKeys } from "@/components/api/job-queries";
import { fetchJobs, type JobFilters, type JobListParams } from "@/components/api/jobs-api";

/**
 * Most in-progress jobs Live loads (pages of {@link MAX_PAGE_SIZE}, fetched one
 * after another): past a few thousand running jobs a list stops being read, and
 * the counters say how many more there are.
 */
export const LIVE_ACTIVE_MAX = 5_000;

/** Params of Live's in-progress list with these filters. */
export const liveActiveParams = (filters: Omit<JobFilters, "status">): JobListParams => ({
  ...filters,
  status: [...ACTIVE_STATUSES],
  sort: "created",
  limit: MAX_PAGE_SIZE,
});

/** Params of the recently finished jobs with these filters; `limit` is Live's 25 or the wallboard's 200. */
export const liveFinishedParams = (filters: Omit<JobFilters, "status">, limit: number): JobListParams => ({
  ...filters,
  status: [...TERMINAL_STATUSES],
  sort: "finished",
  limit,
});

/** Every in-progress job matching the filters, page by page (see {@link useAllPages}). */
export const liveActiveQuery = (filters: Omit<JobFilters, "status">) => {
  const params = liveActiveParams(filters);
  return infiniteQueryOptions({
    queryKey: jobKeys.pagesOf(params),
    queryFn: ({ pageParam, signal }) => fetchJobs(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.reduce((n, page) => n + page.items.length, 0) < LIVE_ACTIVE_MAX ? last.nextCursor : undefined,
  });
};
