"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { EVENT_VERSION, type SourceUpdatedPayload } from "@/lib/events";
import type { DeliveryStats, SourceListResponse } from "@/lib/sources";
import { createFrameBatch } from "@/components/live/live-batch";
import { patchSourceStats, sourceKeys } from "@/components/api/source-queries";
import { useSocket } from "@/components/live/socket-provider";

/**
 * Lost-job counts are not carried by `source:updated`; while someone looks at
 * the sources, job events refresh them at most this often.
 */
const LOST_REFRESH_MS = 10_000;

/**
 * Turns `source:updated` socket events into patches of the cached source list
 * (delivery counts and times), batched like `use-live-jobs` (one render per
 * frame, at most one per 100 ms). Job events refresh the lost-job counts, at
 * most every {@link LOST_REFRESH_MS}, while the list is on screen. When the
 * socket (re)connects without recovering its missed events, the list is
 * refetched. Mount once, near the root.
 */
export function useLiveSources(): void {
  const { socket } = useSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const apply = (stats: DeliveryStats[]) => {
      const list = queryClient.getQueryData<SourceListResponse>(sourceKeys.list());
      if (!list) return;
      const next = patchSourceStats(list, stats);
      if (next !== list) queryClient.setQueryData(sourceKeys.list(), next);
    };
    const batch = createFrameBatch<DeliveryStats>(apply);

    // A list still loading when an event arrives cannot be patched: re-apply the latest stats when it lands.
    const latest = new Map<string, DeliveryStats>();
    const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
      if (event.query.queryKey[0] !== sourceKeys.all[0] || latest.size === 0) return;
      const stats = [...latest.values()];
      queueMicrotask(() => apply(stats));
    });

    let lostTimer: ReturnType<typeof setTimeout> | undefined;
    let lastLostRefresh = 0;
    const refreshLost = () => {
      lostTimer = undefined;
      lastLostRefresh = Date.now();
      void queryClient.invalidateQueries({ queryKey: sourceKeys.all, refetchType: "active" });
    };
    const onJobUpdated = () => {
      if (lostTimer !== undefined) return;
      const observed = queryClient.getQueryCache().find({ queryKey: sourceKeys.list() })?.isActive();
      if (!observed) return;
      lostTimer = setTimeout(refreshLost, Math.max(0, lastLostRefresh + LOST_REFRESH_MS - Date.now()));
    };

    const onSourceUpdated = (payload: SourceUpdatedPayload) => {
      if (payload?.version !== EVENT_VERSION || !payload.stats?.source) return;
      latest.set(payload.stats.source, payload.stats);
      batch.push(payload.stats.source, payload.stats);
    };
    const resync = () => {
      batch.clear();
      latest.clear();
      void queryClient.invalidateQueries({ queryKey: sourceKeys.all });
    };
    const onConnect = () => {
      if (!socket.recovered) resync();
    };
    socket.on("source:updated", onSourceUpdated);
    socket.on("job:updated", onJobUpdated);
    socket.on("connect", onConnect);
    if (socket.connected) resync();
    return () => {
      socket.off("source:updated", onSourceUpdated);
      socket.off("job:updated", onJobUpdated);
      socket.off("connect", onConnect);
      unsubscribeCache();
      clearTimeout(lostTimer);
      batch.clear();
    };
  }, [socket, queryClient]);
}
