/**
 * The changes a live hook received lately, kept to re-apply to a fetch that
 * raced them: a query still loading when an event arrives cannot be patched,
 * and its answer may predate the event. No React; the clock is injectable.
 */

/** Options of {@link createRecentChanges}. */
export interface RecentChangesOptions {
  /** How long a change is kept (Infinity: until cleared). */
  ttlMs: number;
  /** Most changes kept; the oldest go first (Infinity: no limit). */
  max: number;
  now?: () => number;
}

/** What {@link createRecentChanges} returns. */
export interface RecentChanges<T> {
  /** Keeps `change` under `key`, replacing (and moving after the others) any change with that key. */
  remember: (key: string, change: T) => void;
  /** The changes received within the last `ttlMs`, oldest first. */
  list: () => T[];
  clear: () => void;
  readonly size: number;
}

/** A bounded, keyed memory of recent changes (last one per key wins). */
export function createRecentChanges<T>({
  ttlMs,
  max,
  now = Date.now,
}: RecentChangesOptions): RecentChanges<T> {
  const entries = new Map<string, { change: T; at: number }>();
  return {
    remember(key, change) {
      const at = now();
      entries.delete(key); // re-insert so Map order follows arrival order
      entries.set(key, { change, at });
      for (const [oldKey, entry] of entries) {
        if (entries.size <= max && at - entry.at <= ttlMs) break;
        entries.delete(oldKey);
      }
    },
    list() {
      const since = now() - ttlMs;
      return [...entries.values()].filter((entry) => entry.at >= since).map((entry) => entry.change);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
