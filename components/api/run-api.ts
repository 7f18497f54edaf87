/**
 * Browser side of the pipeline-run REST contract (`GET /api/v1/runs`,
 * `GET /api/v1/runs/:id`): filters read from and written to the URL, request
 * URLs built from them; requests go through {@link apiFetch}.
 */
import { JOB_SOURCES, JOB_STATUSES, type JobSource, type JobStatus } from "@/lib/job";
import type { RunDetail, RunListResponse } from "@/lib/run";
import { apiFetch } from "./api-client";

/** Filters of the Pipelines page; absent text filters mean "any". */
export interface RunFilters {
  status: JobStatus[];
  source?: JobSource;
  repo?: string;
  branch?: string;
  workflow?: string;
}

/** A complete run-list request minus the cursor; also the identity of a cached list. */
export interface RunListParams extends RunFilters {
  limit: number;
}

/** Free-text filters, in the order the Pipelines page shows them. */
export const RUN_TEXT_FILTER_KEYS = ["repo", "branch", "workflow"] as const;

/** One of the free-text run filters. */
export type RunTextFilterKey = (typeof RUN_TEXT_FILTER_KEYS)[number];

const isSource = (value: string | null | undefined): value is JobSource =>
  (JOB_SOURCES as readonly string[]).includes(value ?? "");

/** Reads run filters from a URL query string, ignoring unknown statuses, unknown sources and blanks. */
export function runFiltersFromSearchParams(search: Pick<URLSearchParams, "get">): RunFilters {
  const statuses = new Set(
    (search.get("status") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const filters: RunFilters = { status: JOB_STATUSES.filter((s) => statuses.has(s)) };
  const source = search.get("source")?.trim();
  if (isSource(source)) filters.source = source;
  for (const key of RUN_TEXT_FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** True when any run filter is set. */
export function hasRunFilters(filters: RunFilters): boolean {
  return (
    filters.status.length > 0 ||
    Boolean(filters.source) ||
    RUN_TEXT_FILTER_KEYS.some((key) => Boolean(filters[key]))
  );
}

/** Query string of a run-list request, omitting empty filters. */
export function runListSearchParams(params: RunListParams, cursor?: string | null): URLSearchParams {
  const search = new URLSearchParams();
  if (params.status.length > 0) search.set("status", params.status.join(","));
  if (params.source) search.set("source", params.source);
  for (const key of RUN_TEXT_FILTER_KEYS) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  search.set("limit", String(params.limit));
  if (cursor) search.set("cursor", cursor);
  return search;
}

/** `GET /api/v1/runs`, newest first. */
export function fetchRuns(
  params: RunListParams,
  cursor?: string | null,
  signal?: AbortSignal,
): Promise<RunListResponse> {
  return apiFetch<RunListResponse>(`/api/v1/runs?${runListSearchParams(params, cursor).toString()}`, {
    signal,
  });
}

/** `GET /api/v1/runs/:id`; rejects with status 404 for an unknown run. */
export function fetchRun(id: string, signal?: AbortSignal): Promise<RunDetail> {
  return apiFetch<RunDetail>(`/api/v1/runs/${encodeURIComponent(id)}`, { signal });
}

/** The Pipelines page filtered to one run's repo, branch and workflow (a link from elsewhere). */
export function pipelinesHref(filters: Partial<RunFilters>): string {
  const search = new URLSearchParams();
  if (filters.status?.length) search.set("status", filters.status.join(","));
  if (filters.source) search.set("source", filters.source);
  for (const key of RUN_TEXT_FILTER_KEYS) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  const query = search.toString().replaceAll("%2C", ",");
  return query ? `/pipelines?${query}` : "/pipelines";
}
