/**
 * Browser side of the job-search contract (`lib/job-search.ts`): filter
 * suggestions and a job's history, as React Query options.
 */
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { JobHistoryResponse, JobSuggestField, JobSuggestions } from "@/lib/job-search";
import { apiFetch } from "./api-client";

/** Suggestions shown under a filter. */
export const SUGGESTION_LIMIT = 10;

/** Jobs in a job page's history (the sparkline's points). */
export const HISTORY_LIMIT = 30;

/** `GET /api/v1/jobs/suggestions`: known values of `field` starting with `prefix`. */
export const jobSuggestionsQuery = (field: JobSuggestField, prefix: string) =>
  queryOptions({
    // Under "jobs": refetched with every job query when the socket reconnects.
    queryKey: ["jobs", "suggestions", field, prefix] as const,
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ field, prefix, limit: String(SUGGESTION_LIMIT) });
      return apiFetch<JobSuggestions>(`/api/v1/jobs/suggestions?${search.toString()}`, { signal });
    },
    // New values appear rarely; a minute old is fresh enough, and the list stays while typing.
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

/** `GET /api/v1/jobs/:id/history`: the job and its earlier attempts and runs, newest first. */
export const jobSeriesQuery = (id: string) =>
  queryOptions({
    queryKey: ["jobs", "series", id] as const,
    queryFn: ({ signal }) =>
      apiFetch<JobHistoryResponse>(`/api/v1/jobs/${encodeURIComponent(id)}/history?limit=${HISTORY_LIMIT}`, {
        signal,
      }),
  });
