"use client";

import { notifyManager, type InfiniteData, type Query, type QueryClient } from "@tanstack/react-query";
import type { Job } from "@/lib/job";
import { runIdOf, type PipelineRun, type RunDetail, type RunListResponse } from "@/lib/run";
import type { RunListParams } from "@/components/api/run-api";
import {
  countJobs,
  holdsRun,
  patchRunDetailJobs,
  patchRunDetailRun,
  patchRunInfinite,
  setRunCounts,
} from "./run-list-patch";
import { runDetailQuery, runKeys } from "@/components/api/run-queries";
import type { LiveQuerySpec } from "@/components/live/live-query";
import { useLiveQuery } from "@/components/live/use-live-query";

type RunPages = InfiniteData<RunListResponse, string | null>;

/** A live change: a run's own fields, or one of its jobs. */
type RunChange = { kind: "run"; run: PipelineRun } | { kind: "job"; job: Job };

/** How long a received change is remembered, to re-apply to a fetch that raced it. */
const RECENT_MS = 30_000;

/** Most changes remembered for that. */
const RECENT_MAX = 2000;

/** Most run details fetched at once to learn job counts. */
const MAX_COUNT_FETCHES = 4;

/** How long a run whose detail failed to load is left alone before trying again. */
const COUNT_RETRY_MS = 30_000;

/**
 * Applies one batch of changes to every cached run query, in one render, and
 * recounts the jobs of every run they touch (plus `recount`) from its cached
 * detail. Returns the ids of runs on screen whose job counts are unknown (a new
 * run, or a job of a run whose detail is not cached): fetch their detail to count.
 */
export function applyRunChanges(
  queryClient: QueryClient,
  changes: RunChange[],
  recount: readonly string[] = [],
): Set<string> {
  const unknownCounts = new Set<string>();
  if (changes.length === 0 && recount.length === 0) return unknownCounts;
  const runs = changes.flatMap((change) => (change.kind === "run" ? [change.run] : []));
  const jobs = changes.flatMap((change) => (change.kind === "job" ? [change.job] : []));
  const cache = queryClient.getQueryCache();
  const now = Date.now();
  // Lists off screen whose counts may now be wrong: refetched when shown again, not now.
  const outdated = new Set<Query>();

  notifyManager.batch(() => {
    const lists = cache.findAll({ queryKey: runKeys.pages() });
    for (const query of lists) {
      const data = query.state.data as RunPages | undefined;
      const params = query.queryKey[2] as RunListParams | undefined;
      if (!data || !params || runs.length === 0) continue;
      const patched = patchRunInfinite(data, runs, params, now);
      if (patched.data !== data) queryClient.setQueryData(query.queryKey, patched.data);
      // Only a list on screen is worth a fetch; an inactive one refetches when it is shown again.
      if (patched.inserted.length === 0) continue;
      if (query.isActive()) for (const id of patched.inserted) unknownCounts.add(id);
      else outdated.add(query);
    }
    for (const run of runs) {
      const key = runKeys.detail(run.id);
      const detail = queryClient.getQueryData<RunDetail>(key);
      if (detail) queryClient.setQueryData(key, patchRunDetailRun(detail, run));
    }

    const touched = new Set([...unknownCounts, ...jobs.map(runIdOf), ...recount]);
    for (const id of touched) {
      const key = runKeys.detail(id);
      const detail = queryClient.getQueryData<RunDetail>(key);
      if (!detail) {
        for (const query of lists) {
          if (!query.state.data || !holdsRun(query.state.data as RunPages, id)) continue;
          if (query.isActive()) unknownCounts.add(id);
          else outdated.add(query);
        }
        continue;
      }
      unknownCounts.delete(id);
      const next = patchRunDetailJobs(detail, jobs);
      if (next !== detail) queryClient.setQueryData(key, next);
      const counts = countJobs(next.jobs);
      for (const query of lists) {
        const data = query.state.data as RunPages | undefined;
        if (!data) continue;
        const updated = setRunCounts(data, id, counts);
        if (updated !== data) queryClient.setQueryData(query.queryKey, updated);
      }
    }
  });
  for (const query of outdated) {
    void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true, refetchType: "none" });
  }
  return unknownCounts;
}

const changeRunId = (change: RunChange) => (change.kind === "run" ? change.run.id : runIdOf(change.job));

/**
 * The live Pipelines list: run and job changes patch the cached lists and details;
 * runs on screen whose job counts are unknown get their detail fetched, a few at a time.
 */
function liveRuns(queryClient: QueryClient): LiveQuerySpec<RunChange> {
  let disposed = false;

  // Counts come from run details; fetch a few at a time, each run once while it is in flight.
  const countQueue = new Set<string>();
  const counting = new Set<string>();
  const failedAt = new Map<string, number>();
  const pumpCounts = () => {
    for (const id of countQueue) {
      if (disposed || counting.size >= MAX_COUNT_FETCHES) return;
      countQueue.delete(id);
      if (counting.has(id)) continue;
      counting.add(id);
      void queryClient
        .fetchQuery({ ...runDetailQuery(id), staleTime: 0 })
        .then(() => failedAt.delete(id))
        // A vanished run keeps its last counts; the next list refetch tells the truth.
        .catch(() => failedAt.set(id, Date.now()))
        .finally(() => {
          counting.delete(id);
          pumpCounts();
        });
    }
  };
  const apply = (changes: RunChange[], recount?: string[]) => {
    const now = Date.now();
    for (const id of applyRunChanges(queryClient, changes, recount)) {
      if (now - (failedAt.get(id) ?? -Infinity) > COUNT_RETRY_MS) countQueue.add(id);
    }
    pumpCounts();
  };

  return {
    rootKey: runKeys.all,
    changes: {
      "runs:updated": ({ runs }) =>
        runs.map((run) => ({ key: `run:${run.id}`, change: { kind: "run", run } })),
      "jobs:updated": ({ jobs }) =>
        jobs.map((job) => ({ key: `job:${job.id}`, change: { kind: "job", job } })),
    },
    apply: (changes) => apply(changes),
    remember: { ttlMs: RECENT_MS, max: RECENT_MAX },
    replay: (changes, [, kind, id]) => {
      // A fetched detail: re-apply only what concerns its run, and count its jobs into the lists.
      const detailOf = kind === runKeys.details()[1] && typeof id === "string" ? id : null;
      if (detailOf !== null)
        apply(
          changes.filter((change) => changeRunId(change) === detailOf),
          [detailOf],
        );
      else if (changes.length > 0) apply(changes, []);
    },
    onResync: () => countQueue.clear(),
    dispose: () => {
      disposed = true;
    },
  };
}

/**
 * Turns `runs:updated` and `jobs:updated` socket events into React Query cache
 * patches of the Pipelines list and run details: new runs appear at the top,
 * statuses change in place, and each run's job counts follow its jobs (counted
 * from the run's cached detail, fetched once when a listed run's counts are
 * unknown). Changes are batched like `use-live-jobs` (one render per frame,
 * at most one per 100 ms). When the socket (re)connects without recovering
 * its missed events, every run query is refetched. Mount once, near the root.
 */
export function useLiveRuns(): void {
  useLiveQuery(liveRuns);
}
