"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { DeliveryStats, SourceListResponse } from "@/lib/sources";
import { patchSourceStats, sourceKeys } from "@/components/api/source-queries";
import { patchQueryData, type LiveQuerySpec } from "@/components/live/live-query";
import { useLiveQuery } from "@/components/live/use-live-query";

/**
 * Lost-job counts are not carried by `sources:updated`; while someone looks at
 * the sources, job events refresh them at most this often.
 */
const LOST_REFRESH_MS = 10_000;

/** The live source list: `sources:updated` patches the cached list; job events refresh lost-job counts. */
function liveSources(queryClient: QueryClient): LiveQuerySpec<DeliveryStats> {
  let lostTimer: ReturnType<typeof setTimeout> | undefined;
  let lastLostRefresh = 0;
  const refreshLost = () => {
    lostTimer = undefined;
    lastLostRefresh = Date.now();
    void queryClient.invalidateQueries({ queryKey: sourceKeys.all, refetchType: "active" });
  };
  return {
    rootKey: sourceKeys.all,
    changes: {
      "sources:updated": ({ sources }) => sources.map((stats) => ({ key: stats.source, change: stats })),
    },
    apply: (stats) =>
      patchQueryData<SourceListResponse>(queryClient, sourceKeys.list(), (list) =>
        patchSourceStats(list, stats),
      ),
    // A source's latest stats, whenever they came: one entry per source.
    remember: { ttlMs: Number.POSITIVE_INFINITY, max: Number.POSITIVE_INFINITY },
    also: {
      "jobs:updated": () => {
        if (lostTimer !== undefined) return;
        const observed = queryClient.getQueryCache().find({ queryKey: sourceKeys.list() })?.isActive();
        if (!observed) return;
        lostTimer = setTimeout(refreshLost, Math.max(0, lastLostRefresh + LOST_REFRESH_MS - Date.now()));
      },
    },
    dispose: () => clearTimeout(lostTimer),
  };
}

/**
 * Turns `sources:updated` socket events into patches of the cached source list
 * (delivery counts and times), batched like `use-live-jobs` (one render per
 * frame, at most one per 100 ms). Job events refresh the lost-job counts, at
 * most every {@link LOST_REFRESH_MS}, while the list is on screen. When the
 * socket (re)connects without recovering its missed events, the list is
 * refetched. Mount once, near the root.
 */
export function useLiveSources(): void {
  useLiveQuery(liveSources);
}
