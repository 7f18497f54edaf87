"use client";

import { useEffect } from "react";
import { notifyManager, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { JobListResponse } from "@/lib/api";
import { EVENT_VERSION, type JobUpdatedPayload } from "@/lib/events";
import { isTerminal, type Job } from "@/lib/job";
import { jobKeys } from "@/components/api/job-queries";
import { patchInfinite, patchList } from "./job-list-patch";
import type { JobListParams } from "@/components/api/jobs-api";
import { createFrameBatch } from "@/components/live/live-batch";
import { useSocket } from "@/components/live/socket-provider";

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

/**
 * Turns `job:updated` socket events into React Query cache patches. Events are
 * buffered by job id (last one wins) and applied together on the next animation
 * frame, at most every 100 ms (see `createFrameBatch`), so a burst of thousands
 * of events costs a handful of renders. When the socket
 * (re)connects without recovering its missed events, every job query is
 * refetched. Mount once, near the root.
 */
export function useLiveJobs(): void {
  const { socket } = useSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const batch = createFrameBatch<Job>((jobs) => applyJobUpdates(queryClient, jobs));

    // A list still loading when an event arrives cannot be patched, and its answer may
    // predate the event: remember recent jobs and re-apply them when a fetch lands.
    const recent = new Map<string, { job: Job; at: number }>();
    const remember = (job: Job) => {
      const now = Date.now();
      recent.delete(job.id);
      recent.set(job.id, { job, at: now });
      for (const [id, entry] of recent) {
        if (recent.size <= RECENT_MAX && now - entry.at <= RECENT_MS) break;
        recent.delete(id);
      }
    };
    const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
      if (event.query.queryKey[0] !== jobKeys.all[0] || recent.size === 0) return;
      const since = Date.now() - RECENT_MS;
      const jobs = [...recent.values()].filter((entry) => entry.at >= since).map((entry) => entry.job);
      // Outside the cache's own notification: patching re-enters the cache.
      queueMicrotask(() => applyJobUpdates(queryClient, jobs));
    });

    const onJobUpdated = (payload: JobUpdatedPayload) => {
      if (payload?.version !== EVENT_VERSION || !payload.job?.id) return;
      batch.push(payload.job.id, payload.job);
      remember(payload.job);
    };
    const resync = () => {
      batch.clear();
      recent.clear();
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    };
    const onConnect = () => {
      if (!socket.recovered) resync();
    };

    socket.on("job:updated", onJobUpdated);
    socket.on("connect", onConnect);
    // The socket may have connected before this listener existed; lists fetched earlier may have missed events.
    if (socket.connected) resync();
    return () => {
      socket.off("job:updated", onJobUpdated);
      socket.off("connect", onConnect);
      unsubscribeCache();
      batch.clear();
    };
  }, [socket, queryClient]);
}
