"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { Runner, RunnerListResponse } from "@/lib/runner";
import { patchRunners, runnerKeys } from "@/components/api/runner-queries";
import { patchQueryData, type LiveQuerySpec } from "@/components/live/live-query";
import { useLiveQuery } from "@/components/live/use-live-query";

/** How long a received runner is remembered, to re-apply to a fetch that raced it. */
const RECENT_MS = 30_000;

/** Most runners remembered for that. */
const RECENT_MAX = 5000;

/** The live runner list: `runners:updated` patches the cached list. */
const liveRunners = (queryClient: QueryClient): LiveQuerySpec<Runner> => ({
  rootKey: runnerKeys.all,
  changes: {
    "runners:updated": ({ runners }) => runners.map((runner) => ({ key: runner.id, change: runner })),
  },
  apply: (runners) =>
    patchQueryData<RunnerListResponse>(queryClient, runnerKeys.list(), (list) => patchRunners(list, runners)),
  remember: { ttlMs: RECENT_MS, max: RECENT_MAX },
});

/**
 * Turns `runners:updated` socket events (each carrying the runner's effective
 * status) into patches of the cached runner list, batched like `use-live-jobs`
 * (one render per frame, at most one per 100 ms). When the socket (re)connects
 * without recovering its missed events, the list is refetched. Mount once, near the root.
 */
export function useLiveRunners(): void {
  useLiveQuery(liveRunners);
}
