/**
 * Coalesces live socket events into batches applied at most once per animation
 * frame and per {@link MIN_FLUSH_INTERVAL_MS}, so a burst of events costs a
 * handful of renders.
 * Shared by every live hook (jobs, runs, runners, sources).
 */

/** At most one flush (and so one render) per this many ms, however fast events arrive. */
export const MIN_FLUSH_INTERVAL_MS = 100;

/** Longest a batch waits for an animation frame (frames stop in background tabs). */
const MAX_FRAME_WAIT_MS = 1000;

/** A keyed batch: the last item pushed for a key wins. */
export interface FrameBatch<T> {
  /** Queues an item under its key, replacing any queued item with that key. */
  push: (key: string, item: T) => void;
  /** Drops everything queued and any scheduled flush. */
  clear: () => void;
}

/**
 * Creates a {@link FrameBatch} that hands its items (in arrival order) to
 * `flush` on the next animation frame, no sooner than
 * {@link MIN_FLUSH_INTERVAL_MS} after the previous flush.
 */
export function createFrameBatch<T>(flush: (items: T[]) => void): FrameBatch<T> {
  const pending = new Map<string, T>();
  let scheduled = false;
  let lastFlush = 0;
  let delay: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  let fallback: ReturnType<typeof setTimeout> | undefined;

  const cancel = () => {
    clearTimeout(delay);
    clearTimeout(fallback);
    if (frame !== undefined) cancelAnimationFrame(frame);
    delay = fallback = frame = undefined;
    scheduled = false;
  };
  const run = () => {
    cancel();
    lastFlush = performance.now();
    const items = [...pending.values()];
    pending.clear();
    if (items.length > 0) flush(items);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const wait = Math.max(0, lastFlush + MIN_FLUSH_INTERVAL_MS - performance.now());
    delay = setTimeout(() => {
      frame = requestAnimationFrame(run);
    }, wait);
    fallback = setTimeout(run, wait + MAX_FRAME_WAIT_MS);
  };

  return {
    push(key, item) {
      pending.delete(key); // re-insert so Map order follows arrival order
      pending.set(key, item);
      schedule();
    },
    clear() {
      cancel();
      pending.clear();
    },
  };
}
