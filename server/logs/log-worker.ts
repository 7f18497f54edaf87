/**
 * The log worker: fetches the queued log tails of failed jobs in the
 * background (never inside a webhook request), keeps the lines around the
 * first error with their classification, and retries with exponential backoff
 * on 5xx, 429, network errors and timeouts, giving up after `maxAttempts`. The
 * queue is durable (`log_tails`, written in the delivery's transaction), so a
 * restart loses nothing; a stored tail is never fetched again.
 *
 * It wakes when a failed job of a source with a read token is committed, and
 * otherwise looks for due retries every `pollMs`.
 */
import { firstFinished } from "../domain/alert-work";
import type { DomainEventMap, DomainEvents } from "../domain/events";
import type { Clock } from "../domain/clock";
import { classifyLogLines } from "../domain/failure-category";
import { excerptLog } from "../domain/log-excerpt";
import type { JobLog } from "../../lib/job-log";
import type { OutboundAllow } from "../outbound/address-policy";
import type { LogSources } from "../settings";
import type { LogTailStore } from "../store/store";
import { fetchLog } from "./fetch-log";
import { logTargetOf, wantsLog } from "./log-targets";

/** Retry and pacing knobs (tests shorten them). */
export interface LogWorkerPolicy {
  /** First retry delay; doubled each attempt, at most an hour. */
  baseDelayMs: number;
  /** Attempts before giving up. */
  maxAttempts: number;
  /** How often due retries are looked for, ms. */
  pollMs: number;
  /** Fetches taken per look. */
  batch: number;
  /** Deadline of one fetch, redirects included, ms. */
  timeoutMs: number;
}

const DEFAULT_POLICY: LogWorkerPolicy = {
  baseDelayMs: 30_000,
  maxAttempts: 6,
  pollMs: 15_000,
  batch: 10,
  timeoutMs: 15_000,
};

/** Dependencies of the worker. */
export interface LogWorkerDeps {
  store: Pick<
    LogTailStore,
    "dueLogFetches" | "storeLogTail" | "retryLogFetch" | "giveUpLogFetch" | "getLogTail"
  >;
  events: DomainEvents;
  clock: Clock;
  sources: LogSources;
  allow: OutboundAllow;
  policy?: Partial<LogWorkerPolicy>;
  /** Called with an error the worker could not record (the store failed); the worker carries on. */
  onError: (error: unknown) => void;
}

/** The running worker. */
export interface LogWorker {
  /** Starts listening and polling. */
  start(): void;
  /** Fetches what is due now, once; resolves with how many fetches were attempted. */
  tick(): Promise<number>;
  /** Resolves when no look is running or asked for. */
  idle(): Promise<void>;
  /** Stops listening and polling, then waits for a running look. */
  stop(): Promise<void>;
  /**
   * The stored excerpt of a job; when its first fetch is still under way,
   * waits for it up to `waitMs` (alert messages use this to carry the lines).
   */
  excerptFor(jobId: string, waitMs: number): Promise<JobLog | null>;
}

/** The delay before attempt `attempts + 1`, ms. */
export const backoffMs = (policy: Pick<LogWorkerPolicy, "baseDelayMs">, attempts: number) =>
  Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** Creates the worker; nothing runs until `start()` or `tick()`. */
export function createLogWorker(deps: LogWorkerDeps): LogWorker {
  const { store, events, clock, sources, allow, onError } = deps;
  const policy: LogWorkerPolicy = { ...DEFAULT_POLICY, ...deps.policy };
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  // Jobs whose first fetch is coming, and who waits for it.
  const expected = new Set<string>();
  const waiters = new Map<string, (() => void)[]>();

  const settle = (jobId: string) => {
    expected.delete(jobId);
    for (const wake of waiters.get(jobId) ?? []) wake();
    waiters.delete(jobId);
  };

  async function attempt(jobId: string, attempts: number, job: Parameters<typeof logTargetOf>[1] | null) {
    const target = job ? logTargetOf(sources, job) : null;
    if (!target) {
      await store.giveUpLogFetch(jobId, job ? "the job does not say where its log is" : "the job is gone");
      return;
    }
    const result = await fetchLog(target, allow, policy.timeoutMs);
    if (result.ok) {
      const excerpt = excerptLog(result.text);
      const { category, signal } = classifyLogLines(excerpt.lines);
      await store.storeLogTail(jobId, { ...excerpt, category, signal, fetchedAt: clock.now() });
    } else if (result.retry && attempts + 1 < policy.maxAttempts) {
      await store.retryLogFetch(jobId, clock.now() + backoffMs(policy, attempts + 1), result.error);
    } else {
      await store.giveUpLogFetch(jobId, result.error);
    }
  }

  async function look(): Promise<number> {
    const due = await store.dueLogFetches(clock.now(), policy.batch);
    for (const item of due) {
      await attempt(item.jobId, item.attempts, item.job).catch(onError);
      settle(item.jobId);
    }
    return due.length;
  }

  function tick(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        const n = await look().catch((error: unknown) => (onError(error), 0));
        total += n;
        // A full batch may have more behind it.
        if (n >= policy.batch) again = true;
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const onJob = ({ job, previous }: DomainEventMap["job.changed"][0]) => {
    // Queued by ingest in the same transaction exactly when it first finished (see writer.ts).
    if (!firstFinished(job, previous) || !wantsLog(sources, job)) return;
    expected.add(job.id);
    void tick();
  };

  return {
    start() {
      stopped = false;
      events.on("job.changed", onJob);
      timer = setInterval(() => void tick(), policy.pollMs);
      timer.unref();
      void tick();
    },
    tick,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      events.off("job.changed", onJob);
      if (timer) clearInterval(timer);
      timer = null;
      while (running) await running;
      for (const jobId of [...waiters.keys()]) settle(jobId);
    },
    async excerptFor(jobId, waitMs) {
      const stored = await store.getLogTail(jobId);
      if (stored || !expected.has(jobId) || waitMs <= 0) return stored;
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, waitMs);
        const list = waiters.get(jobId) ?? [];
        list.push(() => {
          clearTimeout(timeout);
          resolve();
        });
        waiters.set(jobId, list);
      });
      return store.getLogTail(jobId);
    },
  };
}
