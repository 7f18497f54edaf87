/**
 * Every job query the dashboard makes, and its cache key, in one place. The
 * live hook ({@link useLiveJobs}) patches exactly these keys.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { ACTIVE_STATUSES, TERMINAL_STATUSES } from "@/lib/job";
import { ApiRequestError } from "./api-client";
import { fetchJob, fetchJobs, type JobFilters, type JobListParams } from "./jobs-api";

/**
 * Query keys. `list` holds a single {@link JobListResponse} page (Live),
 * `pages` an `InfiniteData` of pages (Jobs history), `detail` one `Job`.
 * The list params sit at index 2 so the live hook can read them back.
 */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => ["jobs", "list"] as const,
  list: (params: JobListParams) => ["jobs", "list", params] as const,
  pages: () => ["jobs", "pages"] as const,
  pagesOf: (params: JobListParams) => ["jobs", "pages", params] as const,
  details: () => ["jobs", "detail"] as const,
  detail: (id: string) => ["jobs", "detail", id] as const,
};

/** Most in-progress jobs Live shows (the API's largest page). */
export const ACTIVE_LIMIT = 200;

/** How many finished jobs Live shows. */
export const RECENT_LIMIT = 25;

/** Page size of the Jobs history. */
export const HISTORY_PAGE_SIZE = 50;

/** Params of Live's "In progress" list. */
export const ACTIVE_PARAMS: JobListParams = {
  status: [...ACTIVE_STATUSES],
  sort: "created",
  limit: ACTIVE_LIMIT,
};

/** Params of Live's "Recently finished" list. */
export const RECENT_PARAMS: JobListParams = {
  status: [...TERMINAL_STATUSES],
  sort: "finished",
  limit: RECENT_LIMIT,
};

/** A single-page job list (Live). */
export const jobListQuery = (params: JobListParams) =>
  queryOptions({
    queryKey: jobKeys.list(params),
    queryFn: ({ signal }) => fetchJobs(params, null, signal),
  });

/** Params of the Jobs history for the given filters. */
export const historyParams = (filters: JobFilters): JobListParams => ({
  ...filters,
  sort: "created",
  limit: HISTORY_PAGE_SIZE,
});

/** The cursor-paginated Jobs history. */
export const jobHistoryQuery = (filters: JobFilters) => {
  const params = historyParams(filters);
  return infiniteQueryOptions({
    queryKey: jobKeys.pagesOf(params),
    queryFn: ({ pageParam, signal }) => fetchJobs(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
};

/** One job; a 404 is final (not retried). */
export const jobDetailQuery = (id: string) =>
  queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => fetchJob(id, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 3,
  });
