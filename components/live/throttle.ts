/**
 * A leading-and-trailing throttle: the first call runs at once, calls within
 * the interval after a run collapse into one more run at the interval's end.
 * No React; the clock is injectable for tests.
 */

/** What {@link createThrottle} returns. */
export interface Throttle {
  /** Asks for a run: now if the interval since the last run has passed, else once when it has. */
  trigger: () => void;
  /** Drops a pending trailing run. */
  cancel: () => void;
}

/** Runs `run` at most once per `intervalMs`, never dropping the last request. */
export function createThrottle(run: () => void, intervalMs: number, now: () => number = Date.now): Throttle {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    lastRun = now();
    run();
  };
  return {
    trigger() {
      if (timer !== undefined) return; // a trailing run is already due and will see this change too
      const wait = lastRun + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
