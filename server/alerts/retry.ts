/**
 * When to try a failed delivery again: exponential backoff with jitter, the
 * receiver's `Retry-After` honoured, permanent failures never retried, and a
 * give-up after `maxAttempts`. Pure: the clock (`now`) and the randomness
 * (`random`, in [0, 1)) are injected.
 *
 * Delay before retry n (n = attempts made so far) is
 * `min(capMs, baseMs · 2^(n−1))`, then jittered: `full` picks uniformly in
 * [0, d) (spreads a burst of alerts best), `equal` in [d/2, d) (keeps a floor).
 * Jitter matters because one incident fans out to many deliveries at once:
 * without it they would all retry in lock-step into the same outage.
 */

/** How deliveries retry. */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** A longer `Retry-After` is cut to this (a receiver cannot park the outbox for a day). */
  maxRetryAfterMs: number;
  jitter: "full" | "equal";
}

/**
 * Defaults: 10 s doubling to 10 min, 10 attempts: at most about 40 min of
 * trying (half that on average with full jitter), enough to ride out a
 * receiver's restart or a short outage; Retry-After honoured up to 1 h.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 10_000,
  capMs: 10 * 60_000,
  maxAttempts: 10,
  maxRetryAfterMs: 60 * 60_000,
  jitter: "full",
};

/** The delay before the next try after `attempt` failed attempts (1 = the first failed). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  // 2^(n−1) overflows to Infinity for huge n; min() with the cap absorbs it.
  const d = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(policy.jitter === "full" ? r * d : d / 2 + (r * d) / 2);
}

/**
 * Milliseconds a `Retry-After` value asks to wait, relative to `now` (ms):
 * delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`);
 * a date in the past means 0. Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-dates always name a weekday and GMT; demanding both keeps Date.parse's leniency out ("1.5" is not a date).
  if (!/^[A-Za-z]{3},? .*\bGMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** How one attempt ended: an HTTP answer, or no answer (DNS, refused, reset, timeout). */
export type AttemptResult =
  { kind: "http"; status: number; retryAfter?: string | null } | { kind: "network"; error: string };

/** What an HTTP status means for a delivery. */
export function classifyStatus(status: number): "sent" | "retry" | "permanent" {
  if (status >= 200 && status < 300) return "sent";
  // 408 timeout, 425 too early, 429 rate limited, 5xx the receiver's trouble: worth another try.
  if (status === 408 || status === 425 || status === 429 || (status >= 500 && status < 600)) return "retry";
  // Other 4xx (bad payload, revoked webhook, archived channel) and stray 1xx/3xx will not improve by waiting.
  return "permanent";
}

/** The outbox's next step for a delivery. */
export type RetryDecision =
  | { action: "sent" }
  | { action: "retry"; delayMs: number; at: number; error: string }
  | { action: "give_up"; error: string };

/**
 * Decide what follows attempt number `attempt` (1-based) that ended with
 * `result` at `now`. A retryable failure waits the backoff, or the
 * receiver's `Retry-After` when it sent one (bounded by `maxRetryAfterMs`);
 * after `maxAttempts` attempts, or on a permanent failure, it gives up.
 */
export function decideRetry(
  attempt: number,
  result: AttemptResult,
  now: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const verdict = result.kind === "network" ? "retry" : classifyStatus(result.status);
  if (verdict === "sent") return { action: "sent" };
  const error = result.kind === "network" ? result.error : `HTTP ${result.status}`;
  if (verdict === "permanent") return { action: "give_up", error: `${error} (not retryable)` };
  if (attempt >= policy.maxAttempts)
    return { action: "give_up", error: `${error} (after ${attempt} attempts)` };
  const asked = result.kind === "http" ? parseRetryAfter(result.retryAfter, now) : null;
  const delayMs =
    asked !== null ? Math.min(asked, policy.maxRetryAfterMs) : backoffDelay(attempt, policy, random);
  return { action: "retry", delayMs, at: now + delayMs, error };
}
