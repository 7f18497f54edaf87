/**
 * The watchdog: what silence means. Every tick it flags active jobs that have
 * heard nothing for too long as lost (GitHub never redelivers a failed
 * webhook; GitLab disables a failing hook), and tells listeners about runners
 * whose silence has just turned them offline (or whose return turned them back),
 * retiring those it shows to have been ephemeral (see server/domain/runner-kind.ts).
 */
import type { Runner, RunnerStatus } from "../../lib/runner";
import type { FleetReads, MaintenanceStore } from "../store/store";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { effectiveRunner } from "../domain/runner-state";
import { yieldToEventLoop } from "../runtime/yield";

/** Jobs flagged lost per store call: a few ms each, the event loop free between them. */
const LOST_BATCH = 50;

/** Options of the watchdog. */
export interface WatchdogOptions {
  store: Pick<MaintenanceStore, "flagLostJobs"> & Pick<FleetReads, "listRunners" | "retireRunners">;
  events: DomainEvents;
  clock: Clock;
  /** An active job with no delivery for this long is lost, ms. */
  lostJobAfterMs: number;
  /** An idle runner not heard of for this long is offline, ms. */
  runnerOfflineAfterMs: number;
  onError: (error: unknown) => void;
  /** Whether a timed tick may run on this node now (its lease; see `server/leases`); default always. */
  mayRun?: () => boolean;
}

/** One watchdog; `check()` runs a tick now (tests drive it with a manual clock). */
export interface Watchdog {
  check(): Promise<{ lostJobs: number; runnersChanged: number }>;
  /** Runs `check` every `everyMs` (default 30 s) until `stop()`. */
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

/** Creates a watchdog. Nothing runs until `check()` or `start()`. */
export function createWatchdog(options: WatchdogOptions): Watchdog {
  const { store, events, clock } = options;
  // Effective status of each runner at the previous tick, to report only transitions.
  const seen = new Map<string, RunnerStatus>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function check() {
    const now = clock.now();
    let lostJobs = 0;
    for (;;) {
      const lost = await store.flagLostJobs(now - options.lostJobAfterMs, now, LOST_BATCH);
      for (const { current, previous } of lost) events.emit("job.changed", { job: current, previous });
      lostJobs += lost.length;
      if (lost.length < LOST_BATCH) break;
      await yieldToEventLoop();
    }

    let runnersChanged = 0;
    const retired: string[] = [];
    for (const stored of await store.listRunners()) {
      const effective = effectiveRunner(stored, now, options.runnerOfflineAfterMs);
      const status = effective.status;
      const before = seen.get(stored.id);
      seen.set(stored.id, status);
      // An ephemeral runner gone for the offline window: announced once (open dashboards drop it)
      // and stamped, so reads skip it from now on.
      if (effective.retired) {
        retired.push(stored.id);
        seen.delete(stored.id);
      }
      if ((before !== undefined && before !== status) || effective.retired) {
        runnersChanged += 1;
        events.emit("runner.changed", {
          runner: stored,
          previous: withStatus(stored, before ?? stored.status),
        });
      }
    }
    await store.retireRunners(retired, now);
    return { lostJobs, runnersChanged };
  }

  return {
    check,
    start(everyMs = 30_000) {
      const tick = () => {
        if (running || options.mayRun?.() === false) return;
        running = check()
          .catch(options.onError)
          .finally(() => {
            running = null;
          });
      };
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

const withStatus = (runner: Runner, status: RunnerStatus): Runner => ({ ...runner, status });
