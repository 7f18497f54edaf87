"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { EVENT_VERSION, type RunnerUpdatedPayload } from "@/lib/events";
import type { Runner, RunnerListResponse } from "@/lib/runner";
import { createFrameBatch } from "@/components/live/live-batch";
import { patchRunners, runnerKeys } from "@/components/api/runner-queries";
import { useSocket } from "@/components/live/socket-provider";

/** How long a received runner is remembered, to re-apply to a fetch that raced it. */
const RECENT_MS = 30_000;

/** Most runners remembered for that. */
const RECENT_MAX = 5000;

/**
 * Turns `runner:updated` socket events (each carrying the runner's effective
 * status) into patches of the cached runner list, batched like `use-live-jobs`
 * (one render per frame, at most one per 100 ms). When the socket (re)connects
 * without recovering its missed events, the list is refetched. Mount once, near the root.
 */
export function useLiveRunners(): void {
  const { socket } = useSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const apply = (runners: Runner[]) => {
      const list = queryClient.getQueryData<RunnerListResponse>(runnerKeys.list());
      if (!list) return;
      const next = patchRunners(list, runners);
      if (next !== list) queryClient.setQueryData(runnerKeys.list(), next);
    };
    const batch = createFrameBatch<Runner>(apply);

    // A list still loading when an event arrives cannot be patched, and its answer may
    // predate the event: remember recent runners and re-apply them when a fetch lands.
    const recent = new Map<string, { runner: Runner; at: number }>();
    const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
      if (event.query.queryKey[0] !== runnerKeys.all[0] || recent.size === 0) return;
      const since = Date.now() - RECENT_MS;
      const runners = [...recent.values()].filter((e) => e.at >= since).map((e) => e.runner);
      // Outside the cache's own notification: patching re-enters the cache.
      queueMicrotask(() => apply(runners));
    });

    const onRunnerUpdated = (payload: RunnerUpdatedPayload) => {
      if (payload?.version !== EVENT_VERSION || !payload.runner?.id) return;
      const { runner } = payload;
      recent.delete(runner.id);
      recent.set(runner.id, { runner, at: Date.now() });
      if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
      batch.push(runner.id, runner);
    };
    const resync = () => {
      batch.clear();
      recent.clear();
      void queryClient.invalidateQueries({ queryKey: runnerKeys.all });
    };
    const onConnect = () => {
      if (!socket.recovered) resync();
    };
    socket.on("runner:updated", onRunnerUpdated);
    socket.on("connect", onConnect);
    if (socket.connected) resync();
    return () => {
      socket.off("runner:updated", onRunnerUpdated);
      socket.off("connect", onConnect);
      unsubscribeCache();
      batch.clear();
    };
  }, [socket, queryClient]);
}
