/**
 * Every pipeline-run query the dashboard makes, and its cache key, in one
 * place. The live hook ({@link useLiveRuns}) patches exactly these keys.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { ApiRequestError } from "./api-client";
import { fetchRun, fetchRuns, type RunFilters, type RunListParams } from "./run-api";

/**
 * Query keys. `pages` holds an `InfiniteData` of run-list pages (the params sit
 * at index 2 so the live hook can read them back), `detail` one `RunDetail`.
 */
export const runKeys = {
  all: ["runs"] as const,
  pages: () => ["runs", "pages"] as const,
  pagesOf: (params: RunListParams) => ["runs", "pages", params] as const,
  details: () => ["runs", "detail"] as const,
  detail: (id: string) => ["runs", "detail", id] as const,
};

/** Page size of the Pipelines list. */
export const RUN_PAGE_SIZE = 25;

/** Params of the Pipelines list for the given filters. */
export const runListParams = (filters: RunFilters): RunListParams => ({ ...filters, limit: RUN_PAGE_SIZE });

/** The cursor-paginated Pipelines list, newest first. */
export const runListQuery = (filters: RunFilters) => {
  const params = runListParams(filters);
  return infiniteQueryOptions({
    queryKey: runKeys.pagesOf(params),
    queryFn: ({ pageParam, signal }) => fetchRuns(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
};

/** One run with all its jobs; a 4xx (404: unknown run) is final, not retried. */
export const runDetailQuery = (id: string) =>
  queryOptions({
    queryKey: runKeys.detail(id),
    queryFn: ({ signal }) => fetchRun(id, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 3,
  });
