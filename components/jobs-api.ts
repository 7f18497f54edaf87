/**
 * Browser side of the REST contract (`lib/api.ts`): builds job-list URLs from
 * filters and turns error answers into {@link ApiRequestError}s.
 */
import { JOB_STATUSES, type Job, type JobStatus } from "@/lib/job";
import type { JOB_SORTS } from "@/lib/api";
import { type ApiError, type JobListResponse } from "@/lib/api";

/** Sort orders of the job list (newest first). */
export type JobSort = (typeof JOB_SORTS)[number];

/** The filters the dashboard applies to the job list; absent text filters mean "any". */
export interface JobFilters {
  status: JobStatus[];
  repo?: string;
  branch?: string;
  workflow?: string;
  runner?: string;
  label?: string;
  q?: string;
}

/** A complete job-list request minus the cursor; also the identity of a cached list. */
export interface JobListParams extends JobFilters {
  sort: JobSort;
  limit: number;
}

/** Text filters, in the order the Jobs page shows them. */
export const TEXT_FILTER_KEYS = ["repo", "branch", "workflow", "runner", "label", "q"] as const;

/** One of the text filters. */
export type TextFilterKey = (typeof TEXT_FILTER_KEYS)[number];

/** A failed API call, carrying the HTTP status and the server's error code. */
export class ApiRequestError extends Error {
  /** HTTP status, `0` when the request never got an answer. */
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
  }
}

const isApiError = (body: unknown): body is ApiError =>
  typeof body === "object" &&
  body !== null &&
  "error" in body &&
  typeof (body as ApiError).error?.message === "string";

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      signal,
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError(0, "network_error", "Could not reach the Runwatch server.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiError(body)) throw new ApiRequestError(response.status, body.error.code, body.error.message);
    throw new ApiRequestError(response.status, "http_error", `The server answered ${response.status}.`);
  }
  return body as T;
}

/** Query string of a job-list request, omitting empty filters. */
export function jobListSearchParams(params: JobListParams, cursor?: string | null): URLSearchParams {
  const search = new URLSearchParams();
  if (params.status.length > 0) search.set("status", params.status.join(","));
  for (const key of TEXT_FILTER_KEYS) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  search.set("sort", params.sort);
  search.set("limit", String(params.limit));
  if (cursor) search.set("cursor", cursor);
  return search;
}

/** `GET /api/v1/jobs`. */
export function fetchJobs(
  params: JobListParams,
  cursor?: string | null,
  signal?: AbortSignal,
): Promise<JobListResponse> {
  return getJson<JobListResponse>(`/api/v1/jobs?${jobListSearchParams(params, cursor).toString()}`, signal);
}

/** `GET /api/v1/jobs/:id`; rejects with status 404 for an unknown job. */
export function fetchJob(id: string, signal?: AbortSignal): Promise<Job> {
  return getJson<Job>(`/api/v1/jobs/${encodeURIComponent(id)}`, signal);
}

/** Path of a job's detail page. */
export function jobHref(id: string): string {
  return `/jobs/${encodeURIComponent(id)}`;
}

/** Reads dashboard filters from a URL query string, ignoring unknown statuses and blank values. */
export function filtersFromSearchParams(search: Pick<URLSearchParams, "get">): JobFilters {
  const statuses = new Set(
    (search.get("status") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const filters: JobFilters = { status: JOB_STATUSES.filter((s) => statuses.has(s)) };
  for (const key of TEXT_FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** True when any filter is set. */
export function hasFilters(filters: JobFilters): boolean {
  return filters.status.length > 0 || TEXT_FILTER_KEYS.some((key) => Boolean(filters[key]));
}
