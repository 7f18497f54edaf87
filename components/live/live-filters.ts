/**
 * Live's filters as they live in the URL (`/?repo=acme/api&mine=1`), shared by
 * the Live page and the wallboard (`/wall`): parsing, and the job-list filters
 * they stand for. Pure, so both pages and the tests read a URL the same way.
 */
import { JOB_SOURCES, type JobSource } from "@/lib/job";
import type { JobFilters } from "@/components/api/jobs-api";

/** Text filters of Live, in the order the bar shows them. */
export const LIVE_TEXT_KEYS = ["repo", "branch", "author", "pool"] as const;

/** One of Live's text filters. */
export type LiveTextKey = (typeof LIVE_TEXT_KEYS)[number];

/** Every query key Live keeps (the wallboard adds `by`). */
export const LIVE_FILTER_KEYS = [...LIVE_TEXT_KEYS, "source", "mine"] as const;

/**
 * Live's filters. `mine` asks for the signed-in identity's jobs: it stands for
 * `author = <that name>` once the name is known, and overrides `author`.
 */
export interface LiveFilters {
  repo?: string;
  branch?: string;
  author?: string;
  pool?: string;
  source?: JobSource;
  mine: boolean;
}

/** Longest value read from the URL for one filter (the API's own limit). */
const MAX_VALUE = 300;

const isSource = (value: string): value is JobSource => (JOB_SOURCES as readonly string[]).includes(value);

/**
 * Reads Live's filters from a query string. Blank values, an unknown source and
 * values past the API's 300 characters are ignored (a filter that could only
 * fail is no filter); `mine` is on for `1` or `true`.
 */
export function parseLiveFilters(search: Pick<URLSearchParams, "get">): LiveFilters {
  const filters: LiveFilters = { mine: false };
  for (const key of LIVE_TEXT_KEYS) {
    const value = search.get(key)?.trim();
    if (value && value.length <= MAX_VALUE) filters[key] = value;
  }
  const source = search.get("source")?.trim().toLowerCase();
  if (source && isSource(source)) filters.source = source;
  const mine = search.get("mine")?.trim().toLowerCase();
  filters.mine = mine === "1" || mine === "true";
  return filters;
}

/** True when any filter narrows the view. */
export function hasLiveFilters(filters: LiveFilters): boolean {
  return filters.mine || Boolean(filters.source) || LIVE_TEXT_KEYS.some((key) => Boolean(filters[key]));
}

/**
 * The job-list filters Live's filters stand for. `me` is the signed-in
 * identity's name (null when there is none, e.g. auth off): `mine` without a
 * name narrows nothing, and the caller says so beside the toggle.
 */
export function liveJobFilters(filters: LiveFilters, me: string | null): Omit<JobFilters, "status"> {
  const out: Omit<JobFilters, "status"> = {};
  if (filters.repo) out.repo = filters.repo;
  if (filters.branch) out.branch = filters.branch;
  if (filters.pool) out.pool = filters.pool;
  if (filters.source) out.source = filters.source;
  const author = filters.mine && me ? me : filters.author;
  if (author) out.author = author;
  return out;
}

/** The query string of the filters (keys in a fixed order, so equal filters give equal URLs). */
export function liveFilterSearch(filters: LiveFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of LIVE_TEXT_KEYS) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  if (filters.source) search.set("source", filters.source);
  if (filters.mine) search.set("mine", "1");
  return search;
}
