/**
 * Pure cache-patch logic: applies a batch of changed jobs to cached job lists
 * the way the server would have answered, so live updates need no refetch.
 * Mirrors `server/store/job-queries.ts` (exact-match filters, `q` as a
 * case-insensitive substring, newest first by the sort column, ties by id).
 */
import type { InfiniteData } from "@tanstack/react-query";
import type { JobListResponse } from "@/lib/api";
import { isTerminal, type Job } from "@/lib/job";
import { poolOf } from "@/lib/runner";
import type { JobListParams } from "@/components/api/jobs-api";
import { dayBounds } from "@/components/api/job-date-range";

/** True when the job belongs in a list with these params. */
export function matchesParams(job: Job, params: JobListParams): boolean {
  if (params.status.length > 0 && !params.status.includes(job.status)) return false;
  if (params.sort === "finished" && job.finishedAt === null) return false;
  if (params.repo && job.repo !== params.repo) return false;
  if (params.branch && job.branch !== params.branch) return false;
  if (params.workflow && job.workflow !== params.workflow) return false;
  if (params.runner && job.runner.name !== params.runner) return false;
  if (params.label && !job.runner.labels.includes(params.label)) return false;
  if (params.name && job.name !== params.name) return false;
  if (params.pool && poolOf(job.runner.labels, job.runner.group) !== params.pool) return false;
  if (params.source && job.source !== params.source) return false;
  if (params.since || params.until) {
    // The server's `created_at`: queue time, else start time (a job with neither: first seen, i.e. now).
    const created = time(job.queuedAt) ?? time(job.startedAt) ?? Date.now();
    const range = dayBounds(params);
    if (range.since !== null && created < range.since) return false;
    if (range.until !== null && created >= range.until) return false;
  }
  if (params.author && (job.author ?? null) !== params.author) return false;
  if (params.q) {
    const needle = params.q.toLowerCase();
    const haystack = [job.id, job.repo, job.workflow, job.name, job.branch, job.runner.name];
    if (!haystack.some((field) => field?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The job's sort key, as the server computes it; `updated` means "just now". */
function sortKey(job: Job, params: JobListParams, now: number): number {
  switch (params.sort) {
    case "finished":
      return time(job.finishedAt) ?? now;
    case "updated":
      return now;
    case "created":
      return time(job.queuedAt) ?? time(job.startedAt) ?? now;
  }
}

/** Negative when `a` comes first (newest first, then id descending). */
function compare(a: Job, b: Job, params: JobListParams, now: number): number {
  const byKey = sortKey(b, params, now) - sortKey(a, params, now);
  if (byKey !== 0) return byKey;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A late "still running" event must not resurrect a finished job. */
function isStale(cached: Job, incoming: Job): boolean {
  return isTerminal(cached.status) && !isTerminal(incoming.status);
}

/**
 * Applies changed jobs to pages of one list. Each job is replaced in place,
 * removed when it no longer matches, or inserted where the sort puts it; a job
 * that would land after the last loaded row of a list with more pages is left
 * for pagination to bring. Returns the same array when nothing changed.
 */
export function patchPages(
  pages: JobListResponse[],
  jobs: Iterable<Job>,
  params: JobListParams,
  now = Date.now(),
): JobListResponse[] {
  let next = pages;
  const editable = () => {
    if (next === pages) next = pages.map((page) => ({ ...page, items: [...page.items] }));
    return next;
  };
  for (const job of jobs) {
    let found: { page: number; index: number } | null = null;
    for (let p = 0; p < next.length && !found; p++) {
      const index = next[p]!.items.findIndex((item) => item.id === job.id);
      if (index >= 0) found = { page: p, index };
    }
    const matches = matchesParams(job, params);
    if (found) {
      const cached = next[found.page]!.items[found.index]!;
      if (cached === job || isStale(cached, job)) continue;
      if (matches && params.sort !== "updated" && compare(cached, job, params, now) === 0) {
        editable()[found.page]!.items[found.index] = job;
        continue;
      }
      editable()[found.page]!.items.splice(found.index, 1);
    }
    if (!matches) continue;
    const at = insertPosition(next, job, params, now);
    if (at) editable()[at.page]!.items.splice(at.index, 0, job);
  }
  return next;
}

/** Where a job goes in the pages, or null when it belongs past the loaded rows of a longer list. */
function insertPosition(
  pages: JobListResponse[],
  job: Job,
  params: JobListParams,
  now: number,
): { page: number; index: number } | null {
  if (pages.length === 0) return null;
  if (params.sort === "updated") return { page: 0, index: 0 };
  for (let p = 0; p < pages.length; p++) {
    const index = pages[p]!.items.findIndex((item) => compare(job, item, params, now) < 0);
    if (index >= 0) return { page: p, index };
  }
  const last = pages.length - 1;
  return pages[last]!.nextCursor === null ? { page: last, index: pages[last]!.items.length } : null;
}

/** Patches a single-page list and trims it to its limit. */
export function patchList(
  list: JobListResponse,
  jobs: Iterable<Job>,
  params: JobListParams,
  now = Date.now(),
): JobListResponse {
  const [patched] = patchPages([list], jobs, params, now);
  if (!patched || patched === list) return list;
  if (patched.items.length > params.limit) {
    // Trimmed rows now sit past the cursor's position; Live never paginates, so that is fine.
    return { ...patched, items: patched.items.slice(0, params.limit) };
  }
  return patched;
}

/** Patches every loaded page of an infinite (cursor-paginated) list. */
export function patchInfinite(
  data: InfiniteData<JobListResponse, string | null>,
  jobs: Iterable<Job>,
  params: JobListParams,
  now = Date.now(),
): InfiniteData<JobListResponse, string | null> {
  const pages = patchPages(data.pages, jobs, params, now);
  return pages === data.pages ? data : { ...data, pages };
}
