/**
 * The outbox worker: delivers the notifications the store holds pending,
 * retrying failures with backoff (see `retry.ts`), and records every attempt
 * in the delivery log. The rows live in the database, so a restart loses
 * nothing: a new worker picks up every pending row where the old one stopped.
 *
 * Delivery is at least once: a process that dies between a receiver's 200
 * and `recordAttempt` sends that notification again after the restart
 * (webhook receivers can dedupe on `X-Runwatch-Delivery`).
 *
 * Time comes from the injected clock (due times, retry times), so tests move
 * through a retry schedule with a manual clock and `drain()`.
 */
import type { Alert, AlertNotice, ChannelInput } from "../../lib/alerts";
import type { Clock } from "../domain/clock";
import type {
  AlertConfigStore,
  ConfigRecord,
  DeliveryAttempt,
  DueDelivery,
  OutboxStore,
} from "../store/store";
import { DEFAULT_RETRY_POLICY, decideRetry, type AttemptResult, type RetryPolicy } from "./retry";
import type { SendResult } from "./send";

/** Sends one notification (normally `Sender.send`). */
export type SendFn = (
  channel: ConfigRecord<ChannelInput>,
  alert: Alert,
  notice: AlertNotice,
  deliveryId: string,
) => Promise<SendResult>;

/** Options of the outbox worker. */
export interface OutboxOptions {
  store: OutboxStore & Pick<AlertConfigStore, "getChannel">;
  clock: Clock;
  send: SendFn;
  /** In [0, 1): the retry jitter. */
  random?: () => number;
  policy?: RetryPolicy;
  /** Rows sent at once (default 20). */
  batchSize?: number;
  /** Longest nap between looks at the store, real ms (default 5 s): a row due by another clock is not missed for long. */
  maxSleepMs?: number;
  /** Shortest retry delay, ms (default 1 s): a receiver answering `Retry-After: 0` must not be hammered. */
  minRetryDelayMs?: number;
  onError?: (error: unknown) => void;
  /** Whether the loop may send on this node now (its lease; see `server/leases`); default always. `drain()` ignores it. */
  maySend?: () => boolean;
}

/** The running worker. */
export interface Outbox {
  /** Starts the loop (resuming every pending row). */
  start(): void;
  /** Something was queued: look now instead of at the next nap's end. */
  poke(): void;
  /** Sends everything due now, until nothing is; resolves with the attempts made. For tests and shutdown. */
  drain(): Promise<number>;
  /** Stops the loop once in-flight sends are recorded. */
  stop(): Promise<void>;
}

/**
 * The receiver's own words after the fixed error text. `lastError` is shown to
 * admins only (`GET /alerts` blanks it for other principals), so it may hold them.
 */
const said = (detail: string | undefined) => (detail ? ` — receiver said: ${JSON.stringify(detail)}` : "");

/** What an attempt's outcome means, as `decideRetry` reads it. */
function attemptResult(result: SendResult): AttemptResult {
  if (result.ok) return { kind: "http", status: 200 };
  if (result.status !== undefined)
    return { kind: "http", status: result.status, retryAfter: result.retryAfter ?? null };
  return { kind: "network", error: result.error };
}

/** Creates the worker; nothing runs until `start()` or `drain()`. */
export function createOutbox(options: OutboxOptions): Outbox {
  const { store, clock, send } = options;
  const random = options.random ?? Math.random;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const batchSize = options.batchSize ?? 20;
  const maxSleepMs = options.maxSleepMs ?? 5000;
  const minRetryDelayMs = options.minRetryDelayMs ?? 1000;
  const onError = options.onError ?? (() => undefined);

  let stopped = true;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  // A poke that comes while no nap is running cuts the next nap short instead of being lost.
  let poked = false;
  // One pass at a time: the loop and `drain()` must never send the same row twice at once.
  let passing: Promise<number> = Promise.resolve(0);

  async function attempt({ delivery, alert }: DueDelivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    const channel = await store.getChannel(delivery.channelId);
    const result: SendResult = channel
      ? // A sender that throws must still count as an attempt, or the row would stay due and spin.
        await send(channel, alert, delivery.notice, delivery.id).catch((error: unknown) => ({
          ok: false as const,
          error: `could not send: ${error instanceof Error ? error.name : "error"}`,
        }))
      : { ok: false, permanent: true, error: "the channel was deleted" };
    const now = clock.now();
    let outcome: DeliveryAttempt;
    if (result.ok) {
      outcome = { status: "sent", attempts, lastError: null, nextAttemptAt: null, sentAt: now };
    } else if (result.permanent) {
      outcome = failed(attempts, `${result.error} (not retryable)${said(result.detail)}`);
    } else {
      const decision = decideRetry(attempts, attemptResult(result), now, random, policy);
      // decideRetry words the error from the status alone; keep the sender's fuller text, with its verdict.
      const base = result.status !== undefined ? `HTTP ${result.status}` : result.error;
      const error =
        decision.action === "sent"
          ? null
          : result.error + decision.error.slice(base.length) + said(result.detail);
      outcome =
        decision.action === "retry"
          ? {
              status: "pending",
              attempts,
              lastError: error,
              nextAttemptAt: Math.max(decision.at, now + minRetryDelayMs),
              sentAt: null,
            }
          : failed(attempts, error ?? result.error);
    }
    await store.recordAttempt(delivery.id, outcome);
  }

  const failed = (attempts: number, lastError: string): DeliveryAttempt => ({
    status: "failed",
    attempts,
    lastError,
    nextAttemptAt: null,
    sentAt: null,
  });

  /** One batch of due rows, sent in parallel; resolves with the attempts recorded. */
  function pass(): Promise<number> {
    // A failed pass must not wedge the chain: the next one starts afresh.
    passing = passing
      .catch(() => 0)
      .then(async () => {
        const due = await store.dueDeliveries(clock.now(), batchSize);
        const results = await Promise.allSettled(due.map(attempt));
        for (const r of results) if (r.status === "rejected") onError(r.reason);
        // Only recorded attempts count: rows whose outcome could not be stored are still due, and
        // `drain()` must not spin on them while the database is failing.
        return results.filter((r) => r.status === "fulfilled").length;
      });
    return passing;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (let n = await pass(); n > 0; n = await pass()) total += n;
    return total;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        poked = false;
        // Not ours to send now: look again after a nap, when the lease may have come to this node.
        if (options.maySend?.() === false) {
          await nap(maxSleepMs);
          continue;
        }
        await drain();
        const next = await store.nextDueAt();
        const wait = next === null ? maxSleepMs : Math.min(maxSleepMs, Math.max(0, next - clock.now()));
        if (!stopped) await nap(wait);
      } catch (error) {
        onError(error);
        if (!stopped) await nap(maxSleepMs);
      }
    }
  }

  function nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (poked) ms = 0;
      poked = false;
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    poke() {
      if (wake) wake();
      else poked = true;
    },
    drain,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      loop = null;
      await passing.catch(() => undefined);
    },
  };
}
