/**
 * Pure cache-patch logic for pipeline runs: applies changed runs to cached run
 * lists the way the server would have answered, and keeps each run's job
 * counts in step with the jobs seen live. Mirrors the server's run list
 * (exact-match filters, newest first by creation time, ties by id).
 */
import type { InfiniteData } from "@tanstack/react-query";
import { isTerminal, type Job, type JobStatus } from "@/lib/job";
import {
  runIdOf,
  type PipelineRun,
  type RunDetail,
  type RunJobCounts,
  type RunListItem,
  type RunListResponse,
} from "@/lib/run";
import type { RunListParams } from "@/components/api/run-api";

/** True when the run belongs in a list with these params. */
export function matchesRunParams(run: PipelineRun, params: RunListParams): boolean {
  if (params.status.length > 0 && !params.status.includes(run.status)) return false;
  if (params.source && run.source !== params.source) return false;
  if (params.repo && run.repo !== params.repo) return false;
  if (params.branch && run.branch !== params.branch) return false;
  if (params.workflow && run.workflow !== params.workflow) return false;
  return true;
}

const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** A run's position in the list: when it was created (queued, else started); "just now" when unknown. */
function sortKey(run: PipelineRun, now: number): number {
  return time(run.queuedAt) ?? time(run.startedAt) ?? now;
}

/** Negative when `a` comes first (newest first, then id descending). */
function compare(a: PipelineRun, b: PipelineRun, now: number): number {
  const byKey = sortKey(b, now) - sortKey(a, now);
  if (byKey !== 0) return byKey;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * A late event must not take a finished run back to running, unless it is a
 * new attempt (a re-run reuses the run and starts it again).
 */
export function isStaleRun(cached: PipelineRun, incoming: PipelineRun): boolean {
  return isTerminal(cached.status) && !isTerminal(incoming.status) && incoming.attempt <= cached.attempt;
}

/** What {@link patchRunPages} returns. */
export interface RunPagesPatch {
  pages: RunListResponse[];
  /** Runs added to the list that it did not hold before: their job counts are not known yet. */
  inserted: string[];
}

/**
 * Applies changed runs to the pages of one list. A run keeps its job counts;
 * it is replaced in place, removed when it no longer matches, or inserted where
 * the sort puts it (a new run with zero counts). A run that would land after
 * the last loaded row of a list with more pages is left for pagination.
 * Returns the same `pages` array when nothing changed.
 */
export function patchRunPages(
  pages: RunListResponse[],
  runs: Iterable<PipelineRun>,
  params: RunListParams,
  now = Date.now(),
): RunPagesPatch {
  let next = pages;
  const inserted: string[] = [];
  const editable = () => {
    if (next === pages) next = pages.map((page) => ({ ...page, items: [...page.items] }));
    return next;
  };
  for (const run of runs) {
    const found = findRun(next, run.id);
    let counts: RunJobCounts | null = null;
    if (found) {
      const cached = next[found.page]!.items[found.index]!;
      if (isStaleRun(cached, run) || sameRun(cached, run)) continue;
      counts = cached.jobs;
      if (matchesRunParams(run, params) && compare(cached, run, now) === 0) {
        editable()[found.page]!.items[found.index] = { ...run, jobs: counts };
        continue;
      }
      editable()[found.page]!.items.splice(found.index, 1);
    }
    if (!matchesRunParams(run, params)) continue;
    const item: RunListItem = { ...run, jobs: counts ?? { total: 0 } };
    const at = insertPosition(next, item, now);
    if (!at) continue;
    editable()[at.page]!.items.splice(at.index, 0, item);
    if (!counts) inserted.push(run.id);
  }
  return { pages: next, inserted };
}

/** Patches every loaded page of an infinite run list. */
export function patchRunInfinite(
  data: InfiniteData<RunListResponse, string | null>,
  runs: Iterable<PipelineRun>,
  params: RunListParams,
  now = Date.now(),
): { data: InfiniteData<RunListResponse, string | null>; inserted: string[] } {
  const { pages, inserted } = patchRunPages(data.pages, runs, params, now);
  return { data: pages === data.pages ? data : { ...data, pages }, inserted };
}

function findRun(pages: RunListResponse[], id: string): { page: number; index: number } | null {
  for (let page = 0; page < pages.length; page++) {
    const index = pages[page]!.items.findIndex((item) => item.id === id);
    if (index >= 0) return { page, index };
  }
  return null;
}

/** True when the incoming run carries nothing new (the socket may repeat what a fetch already showed). */
function sameRun(cached: RunListItem, incoming: PipelineRun): boolean {
  for (const key of Object.keys(incoming) as (keyof PipelineRun)[]) {
    if (cached[key] !== incoming[key]) return false;
  }
  return true;
}

function insertPosition(
  pages: RunListResponse[],
  run: PipelineRun,
  now: number,
): { page: number; index: number } | null {
  if (pages.length === 0) return null;
  for (let page = 0; page < pages.length; page++) {
    const index = pages[page]!.items.findIndex((item) => compare(run, item, now) < 0);
    if (index >= 0) return { page, index };
  }
  const last = pages.length - 1;
  return pages[last]!.nextCursor === null ? { page: last, index: pages[last]!.items.length } : null;
}

/** True when the list holds the run. */
export function holdsRun(data: InfiniteData<RunListResponse, string | null>, id: string): boolean {
  return findRun(data.pages, id) !== null;
}

/** How many jobs are in each status. */
export function countJobs(jobs: readonly Pick<Job, "status">[]): RunJobCounts {
  const counts: RunJobCounts = { total: 0 };
  for (const job of jobs) {
    counts.total++;
    counts[job.status] = (counts[job.status] ?? 0) + 1;
  }
  return counts;
}

/** True when two count records say the same. */
export function sameCounts(a: RunJobCounts, b: RunJobCounts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<JobStatus | "total">;
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

/** Sets one run's job counts wherever the list holds it; the same object when nothing changed. */
export function setRunCounts(
  data: InfiniteData<RunListResponse, string | null>,
  id: string,
  counts: RunJobCounts,
): InfiniteData<RunListResponse, string | null> {
  const found = findRun(data.pages, id);
  if (!found) return data;
  const cached = data.pages[found.page]!.items[found.index]!;
  if (sameCounts(cached.jobs, counts)) return data;
  const pages = data.pages.map((page, p) =>
    p === found.page
      ? {
          ...page,
          items: page.items.map((item, i) => (i === found.index ? { ...item, jobs: counts } : item)),
        }
      : page,
  );
  return { ...data, pages };
}

/**
 * Applies changed jobs to a run's detail: replaces each job of this run by id
 * (a finished job never goes back to an active state) or appends it.
 * Returns the same object when nothing changed.
 */
export function patchRunDetailJobs(detail: RunDetail, jobs: Iterable<Job>): RunDetail {
  let next: Job[] | null = null;
  for (const job of jobs) {
    if (runIdOf(job) !== detail.run.id) continue;
    const list = next ?? detail.jobs;
    const index = list.findIndex((item) => item.id === job.id);
    if (index >= 0) {
      const cached = list[index]!;
      if (cached === job || (isTerminal(cached.status) && !isTerminal(job.status))) continue;
      next ??= [...detail.jobs];
      next[index] = job;
    } else {
      next ??= [...detail.jobs];
      next.push(job);
    }
  }
  return next ? { ...detail, jobs: next } : detail;
}

/** Applies a changed run to its detail, unless the cached one is newer. */
export function patchRunDetailRun(detail: RunDetail, run: PipelineRun): RunDetail {
  if (detail.run.id !== run.id || isStaleRun(detail.run, run)) return detail;
  return { ...detail, run };
}
