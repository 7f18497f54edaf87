"use client";

import { notifyManager, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { JobListResponse } from "@/lib/api";
import { isTerminal, type Job } from "@/lib/job";
import { jobKeys } from "@/components/api/job-queries";
import { patchInfinite, patchList } from "./job-list-patch";
import type { JobListParams } from "@/components/api/jobs-api";
import type { LiveQuerySpec } from "@/components/live/live-query";
import { useLiveQuery } from "@/components/live/use-live-query";

/** How long a received job is remembered, to re-apply to a fetch that raced it. */
const RECENT_MS = 30_000;

/** Most jobs remembered for that. */
const RECENT_MAX = 2000;

/** Applies one batch of changed jobs to every cached job query, in one render. */
export function applyJobUpdates(queryClient: QueryClient, jobs: Job[]): void {
  if (jobs.length === 0) return;
  const now = Date.now();
  const cache = queryClient.getQueryCache();
  notifyManager.batch(() => {
    for (const query of cache.findAll({ queryKey: jobKeys.lists() })) {
      const data = query.state.data as JobListResponse | undefined;
      const params = query.queryKey[2] as JobListParams | undefined;
      if (!data || !params) continue;
      const next = patchList(data, jobs, params, now);
      if (next !== data) queryClient.setQueryData(query.queryKey, next);
    }
    for (const query of cache.findAll({ queryKey: jobKeys.pages() })) {
      const data = query.state.data as InfiniteData<JobListResponse, string | null> | undefined;
      const params = query.queryKey[2] as JobListParams | undefined;
      if (!data || !params) continue;
      const next = patchInfinite(data, jobs, params, now);
      if (next !== data) queryClient.setQueryData(query.queryKey, next);
    }
    for (const job of jobs) {
      const key = jobKeys.detail(job.id);
      const cached = queryClient.getQueryData<Job>(key);
      if (!cached) continue;
      if (isTerminal(cached.status) && !isTerminal(job.status)) continue;
      queryClient.setQueryData(key, job);
    }
  });
}

/** The live job list: `jobs:updated` patches every cached job query (see {@link applyJobUpdates}). */
const liveJobs = (queryClient: QueryClient): LiveQuerySpec<Job> => ({
  rootKey: jobKeys.all,
  changes: {
    "jobs:updated": ({ jobs }) => jobs.map((job) => ({ key: job.id, change: job })),
  },
  apply: (jobs) => applyJobUpdates(queryClient, jobs),
  remember: { ttlMs: RECENT_MS, max: RECENT_MAX },
});

/**
 * Turns `jobs:updated` socket events into React Query cache patches. Events are
 * buffered by job id (last one wins) and applied together on the next animation
 * frame, at most every 100 ms (see `createFrameBatch`), so a burst of thousands
 * of events costs a handful of renders. When the socket
 * (re)connects without recovering its missed events, every job query is
 * refetched. Mount once, near the root.
 */
export function useLiveJobs(): void {
  useLiveQuery(liveJobs);
}
