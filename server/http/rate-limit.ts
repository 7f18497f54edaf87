/**
 * Rate limiting: a token bucket per (budget, client). Budgets are separate so
 * a webhook flood never starves the API and the reverse. In memory for one
 * node; with `REDIS_URL`, `redis-rate-limit.ts` implements the same `RateLimiter`
 * shared by every node.
 */

/** Outcome of asking for one request's worth of budget. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Decides whether a client may make one more request in a budget (at once in memory, a round trip with Redis). */
export interface RateLimiter {
  take(bucket: string, now: number): RateDecision | Promise<RateDecision>;
}

/** A limiter that answers at once (the in-memory one). */
export interface LocalRateLimiter extends RateLimiter {
  take(bucket: string, now: number): RateDecision;
}

// Above this many buckets, full ones are dropped (they carry no state worth keeping).
const PRUNE_AT = 10_000;

/** A token-bucket limiter: `perMinute` requests a minute, bursts up to `perMinute`. */
export function tokenBucketLimiter(perMinute: number): LocalRateLimiter {
  const ratePerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(bucket, now) {
      const state = buckets.get(bucket) ?? { tokens: perMinute, at: now };
      state.tokens = Math.min(perMinute, state.tokens + Math.max(0, now - state.at) * ratePerMs);
      state.at = now;
      if (state.tokens >= 1) {
        state.tokens -= 1;
        buckets.set(bucket, state);
        if (buckets.size > PRUNE_AT) prune(now);
        return { ok: true };
      }
      buckets.set(bucket, state);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - state.tokens) / ratePerMs / 1000)) };
    },
  };

  function prune(now: number) {
    for (const [key, state] of buckets) {
      if (state.tokens + (now - state.at) * ratePerMs >= perMinute) buckets.delete(key);
    }
  }
}
