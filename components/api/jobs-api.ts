/**
 * Browser side of the jobs REST contract (`lib/api.ts`): builds job-list URLs
 * from filters; requests go through {@link apiFetch}.
 */
import { JOB_SOURCES, JOB_STATUSES, type Job, type JobSource, type JobStatus } from "@/lib/job";
import type { JOB_SORTS, JobListResponse } from "@/lib/api";
import { apiFetch } from "./api-client";
import { dayBounds, isPlainDate } from "./job-date-range";

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
  /** The job name, exactly. */
  name?: string;
  /** The runner pool, exactly (`poolOf`). */
  pool?: string;
  source?: JobSource;
  /** Who triggered the job, exactly (Live's author filter). */
  author?: string;
  /** First day (`YYYY-MM-DD`, local time) of the jobs' creation, inclusive. */
  since?: string;
  /** Last day (`YYYY-MM-DD`, local time) of the jobs' creation, inclusive. */
  until?: string;
}

/** A complete job-list request minus the cursor; also the identity of a cached list. */
export interface JobListParams extends JobFilters {
  sort: JobSort;
  limit: number;
}

/** Text filters, in the order the Jobs page shows them. */
export const TEXT_FILTER_KEYS = [
  "repo",
  "branch",
  "workflow",
  "runner",
  "label",
  "q",
  "name",
  "pool",
] as const;

/** Filters with a closed set of values (checked when read from a URL), set like text filters. */
export const CHOICE_FILTER_KEYS = ["source", "since", "until"] as const;

/** Every filter the Jobs page keeps in the URL besides `status`. */
export type FilterKey = TextFilterKey | (typeof CHOICE_FILTER_KEYS)[number];

/** One of the text filters. */
export type TextFilterKey = (typeof TEXT_FILTER_KEYS)[number];

/** Query string of a job-list request, omitting empty filters. */
export function jobListSearchParams(params: JobListParams, cursor?: string | null): URLSearchParams {
  const search = new URLSearchParams();
  if (params.status.length > 0) search.set("status", params.status.join(","));
  for (const key of TEXT_FILTER_KEYS) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  for (const key of ["source", "pool", "author"] as const) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  // Whole local days, the `until` day included: the API bounds are instants, `until` exclusive.
  const range = dayBounds(params);
  if (range.since !== null) search.set("since", new Date(range.since).toISOString());
  if (range.until !== null) search.set("until", new Date(range.until).toISOString());
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
  return apiFetch<JobListResponse>(`/api/v1/jobs?${jobListSearchParams(params, cursor).toString()}`, {
    signal,
  });
}

/** `GET /api/v1/jobs/:id`; rejects with status 404 for an unknown job. */
export function fetchJob(id: string, signal?: AbortSignal): Promise<Job> {
  return apiFetch<Job>(`/api/v1/jobs/${encodeURIComponent(id)}`, { signal });
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
  const source = search.get("source")?.trim();
  if (source && (JOB_SOURCES as readonly string[]).includes(source)) filters.source = source as JobSource;
  for (const key of ["since", "until"] as const) {
    const value = search.get(key)?.trim();
    if (value && isPlainDate(value)) filters[key] = value;
  }
  return filters;
}

/** True when any filter is set. */
export function hasFilters(filters: JobFilters): boolean {
  return (
    filters.status.length > 0 ||
    TEXT_FILTER_KEYS.some((key) => Boolean(filters[key])) ||
    CHOICE_FILTER_KEYS.some((key) => Boolean(filters[key]))
  );
}
