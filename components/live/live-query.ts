/**
 * The skeleton of a live list (jobs, runs, runners, sources): socket events
 * become keyed changes, batched per animation frame ({@link createFrameBatch}),
 * remembered for a while to re-apply to a fetch that raced them
 * ({@link createRecentChanges}), and dropped for a full refetch when the socket
 * reconnects without its missed events. No React: {@link useLiveQuery} mounts it.
 */
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { createFrameBatch } from "./live-batch";
import {
  listenLive,
  type LiveEventName,
  type LiveHandlers,
  type LivePayload,
  type LiveSocket,
} from "./live-events";
import { createRecentChanges } from "./recent-changes";

/** A change and the key it is batched and remembered under (the last change per key wins). */
export interface KeyedChange<C> {
  key: string;
  change: C;
}

/** What a live list is made of. Created anew each time the hook (re)mounts. */
export interface LiveQuerySpec<C> {
  /** Root of the query keys kept current: refetched on resync; a fetch under it re-applies recent changes. */
  rootKey: QueryKey;
  /** The events that carry changes, each turning its payload into keyed changes, in arrival order. */
  changes: { [E in LiveEventName]?: (payload: LivePayload<E>) => KeyedChange<C>[] };
  /** Applies one batch of changes to the cache, in arrival order. */
  apply: (changes: C[]) => void;
  /** How long and how many changes are remembered for re-applying. */
  remember: { ttlMs: number; max: number };
  /**
   * Re-applies remembered changes after a fetch of `queryKey` (under `rootKey`) landed.
   * By default every remembered change is applied, if there is any.
   */
  replay?: (recent: C[], queryKey: QueryKey) => void;
  /** Other events, handled as they arrive (not batched). */
  also?: LiveHandlers;
  /** More to forget on a resync, before the refetch. */
  onResync?: () => void;
  /** Releases what the spec holds (timers), on unmount. */
  dispose?: () => void;
}

/**
 * Starts a live list on `socket`: listens, batches, remembers, re-applies and
 * resyncs as {@link LiveQuerySpec} says. Resyncs at once if the socket is
 * already connected. Returns the function that stops it all.
 */
export function startLiveQuery<C>(queryClient: QueryClient, socket: LiveSocket, spec: LiveQuerySpec<C>) {
  let disposed = false;
  const batch = createFrameBatch<C>(spec.apply);
  const recent = createRecentChanges<C>(spec.remember);
  const replay =
    spec.replay ??
    ((changes: C[]) => {
      if (changes.length > 0) spec.apply(changes);
    });

  const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
    if (event.query.queryKey[0] !== spec.rootKey[0]) return;
    const changes = recent.list();
    const { queryKey } = event.query;
    // Outside the cache's own notification: patching re-enters the cache.
    queueMicrotask(() => {
      if (!disposed) replay(changes, queryKey);
    });
  });

  const events: LiveHandlers = {};
  for (const [event, toChange] of Object.entries(spec.changes) as Array<
    [LiveEventName, (payload: unknown) => KeyedChange<C>[]]
  >) {
    (events as Record<string, (payload: unknown) => void>)[event] = (payload) => {
      for (const keyed of toChange(payload)) {
        recent.remember(keyed.key, keyed.change);
        batch.push(keyed.key, keyed.change);
      }
    };
  }
  for (const [event, handle] of Object.entries(spec.also ?? {})) {
    (events as Record<string, unknown>)[event] = handle;
  }

  const stopListening = listenLive(socket, {
    events,
    missedIfConnected: true,
    onMissed: () => {
      batch.clear();
      recent.clear();
      spec.onResync?.();
      void queryClient.invalidateQueries({ queryKey: spec.rootKey });
    },
  });

  return () => {
    disposed = true;
    stopListening();
    unsubscribeCache();
    batch.clear();
    spec.dispose?.();
  };
}

/**
 * Replaces the data cached under `key` with `patch(data)`: nothing when nothing
 * is cached yet, and no update (so no render) when the patch returns it unchanged.
 */
export function patchQueryData<T>(queryClient: QueryClient, key: QueryKey, patch: (data: T) => T): void {
  const data = queryClient.getQueryData<T>(key);
  if (data === undefined) return;
  const next = patch(data);
  if (next !== data) queryClient.setQueryData(key, next);
}
