/**
 * When the group-commit writer closes a batch. Pure: it is told the time and
 * what is queued, and answers how long to wait (0: close it at the end of this
 * event-loop turn, with whatever requests that turn has read).
 *
 * Adaptive: a batch is expected to be about as large as the last one written.
 * Idle (last batch of one), an item is written at once. Under load, the
 * writer waits — at most `maxWaitMs` after the oldest item arrived — until as
 * many items as last time are queued, or `maxItems`; and items that arrive
 * while a transaction runs are written together right after it.
 */

/** The knobs of the policy. */
export interface BatchPolicyOptions {
  /** Most items in one transaction. */
  maxItems: number;
  /** Longest the oldest queued item waits for company before its batch closes, ms. */
  maxWaitMs: number;
}

/** Defaults: a few ms at most, and batches small enough that one transaction (which holds the event loop) stays short. */
export const DEFAULT_BATCH_POLICY: BatchPolicyOptions = { maxItems: 64, maxWaitMs: 2 };

/** The policy's state: the size of the last batch written. */
export interface BatchPolicy {
  /**
   * How long to wait before closing the batch: `queued` items, the oldest
   * queued at `oldestAt`, at time `now` (same clock). 0 means close it now.
   */
  delay(queued: number, oldestAt: number, now: number): number;
  /** How many items the batch about to be written takes from `queued`. */
  take(queued: number): number;
  /** Records that a batch of `size` items was written. */
  wrote(size: number): void;
}

/** A policy with the given knobs (see `DEFAULT_BATCH_POLICY`). */
export function createBatchPolicy(options: BatchPolicyOptions = DEFAULT_BATCH_POLICY): BatchPolicy {
  let expected = 1;
  return {
    delay(queued, oldestAt, now) {
      if (queued === 0) return Number.POSITIVE_INFINITY;
      if (queued >= Math.min(expected, options.maxItems)) return 0;
      return Math.max(0, oldestAt + options.maxWaitMs - now);
    },
    take: (queued) => Math.min(queued, options.maxItems),
    wrote(size) {
      expected = Math.max(1, Math.min(size, options.maxItems));
    },
  };
}
