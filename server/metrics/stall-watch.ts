/**
 * Keeps open dashboards' view of the stall radar live. Diagnoses change with
 * jobs (a job starts) but also with time alone (a wait crosses 60 s, a source
 * stays quiet), so a pass runs every `everyMs` and soon after jobs change;
 * when the set of diagnoses differs from the last pass it emits
 * `diagnoses.changed` (the broadcaster sends `diagnoses:updated`).
 */
import type { Diagnosis } from "../../lib/stall";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { readRadar, type RadarContext } from "./stall";

/** Options of the watch. */
export interface StallWatchOptions {
  store: RadarContext["store"];
  clock: Clock;
  events: DomainEvents;
  runnerOfflineAfterMs: number;
  onError: (error: unknown) => void;
  /** Whether a timed pass may run on this node now (its lease); default always. */
  mayRun?: () => boolean;
}

/** One watch; `check()` runs a pass now (tests drive it with a manual clock). */
export interface StallWatch {
  /** Resolves with the diagnoses now, emitting `diagnoses.changed` when they changed. */
  check(): Promise<Diagnosis[]>;
  /** Passes every `everyMs` (default 10 s), and 1 s after job changes, until `stop()`. */
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

/** What makes two passes differ: the detail's wording ("waited 2 min") moves with time alone. */
const identity = (diagnoses: readonly Diagnosis[]) =>
  JSON.stringify(diagnoses.map((d) => [d.kind, d.source, d.pool, d.jobId, d.since]));

/** Creates a watch. Nothing runs until `check()` or `start()`. */
export function createStallWatch(options: StallWatchOptions): StallWatch {
  let last = identity([]);
  let timer: NodeJS.Timeout | null = null;
  let soon: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function check() {
    const at = options.clock.now();
    const { diagnoses } = await readRadar({
      store: options.store,
      now: at,
      runnerOfflineAfterMs: options.runnerOfflineAfterMs,
    });
    const now = identity(diagnoses);
    if (now !== last) {
      last = now;
      options.events.emit("diagnoses.changed", { diagnoses, at });
    }
    return diagnoses;
  }

  const pass = () => {
    if (running || options.mayRun?.() === false) return;
    running = check()
      .catch(options.onError)
      .finally(() => {
        running = null;
      });
  };
  // A burst of job changes costs one pass, a second after the first of them.
  const onJob = () => {
    soon ??= setTimeout(() => {
      soon = null;
      pass();
    }, 1000);
    soon.unref();
  };

  return {
    check,
    start(everyMs = 10_000) {
      options.events.on("job.changed", onJob);
      pass();
      timer = setInterval(pass, everyMs);
      timer.unref();
    },
    async stop() {
      options.events.off("job.changed", onJob);
      if (timer) clearInterval(timer);
      if (soon) clearTimeout(soon);
      timer = soon = null;
      await running;
    },
  };
}
