/**
 * Rate limiting shared by every node through Redis (`REDIS_URL`): the same
 * token bucket as `rate-limit.ts`, kept in one Redis hash per (budget, client)
 * and updated by one Lua script, so a budget spent on one node is spent on all
 * and two nodes taking the last token at once cannot both get it.
 */
import type { RedisConnection } from "../redis/redis-connection";
import { tokenBucketLimiter, type RateDecision, type RateLimiter } from "./rate-limit";

/** Prefix of the limiter's keys in Redis. */
export const RATE_LIMIT_KEY_PREFIX = "runwatch:ratelimit:";

// Longest a request waits for Redis's answer before this node decides on its own.
const ANSWER_TIMEOUT_MS = 250;

// KEYS[1]: the bucket. ARGV: capacity, refill per ms, now (ms). Returns {1, 0} or {0, retry-after s}.
// The newest time seen is kept, so a node whose clock lags cannot refill a bucket twice.
// The key expires when it would be full again: a full bucket and no key are the same state.
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local ok = tokens >= 1
if ok then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1)
if ok then return {1, 0} end
return {0, math.max(1, math.ceil((1 - tokens) / rate / 1000))}
`;

/** Options of the shared limiter. */
export interface RedisLimiterOptions {
  /** Called when Redis did not answer and this node decided alone (once per outage). */
  onFallback?: (error: Error) => void;
}

/**
 * A token-bucket limiter of `perMinute` requests a minute shared through
 * `redis`. While Redis is unreachable (or slower than 250 ms), each node falls
 * back to its own in-memory bucket: limits become per node for the outage
 * rather than refusing or stalling every request.
 */
export function redisTokenBucketLimiter(
  redis: RedisConnection,
  perMinute: number,
  options: RedisLimiterOptions = {},
): RateLimiter {
  const ratePerMs = perMinute / 60_000;
  const local = tokenBucketLimiter(perMinute);
  let sha: string | null = null;
  let fallingBack = false;

  const run = async (key: string, now: number): Promise<unknown> => {
    const args = { keys: [key], arguments: [String(perMinute), String(ratePerMs), String(Math.floor(now))] };
    sha ??= await redis.client.scriptLoad(TAKE_SCRIPT);
    try {
      return await redis.client.evalSha(sha, args);
    } catch (error) {
      // A restarted Redis has forgotten loaded scripts.
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      sha = null;
      return redis.client.eval(TAKE_SCRIPT, args);
    }
  };

  return {
    async take(bucket, now): Promise<RateDecision> {
      if (!redis.healthy()) return fallBack(new Error("Redis is unreachable"), bucket, now);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not answer within ${ANSWER_TIMEOUT_MS} ms`)),
          ANSWER_TIMEOUT_MS,
        );
      });
      try {
        const reply = await Promise.race([run(RATE_LIMIT_KEY_PREFIX + bucket, now), timeout]);
        fallingBack = false;
        return decisionOf(reply);
      } catch (error) {
        return fallBack(error instanceof Error ? error : new Error(String(error)), bucket, now);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  function fallBack(error: Error, bucket: string, now: number): RateDecision {
    if (!fallingBack) options.onFallback?.(error);
    fallingBack = true;
    return local.take(bucket, now);
  }
}

function decisionOf(reply: unknown): RateDecision {
  if (!Array.isArray(reply) || typeof reply[0] !== "number" || typeof reply[1] !== "number") {
    throw new Error(`unexpected rate-limit script reply ${JSON.stringify(reply)}`);
  }
  return reply[0] === 1 ? { ok: true } : { ok: false, retryAfterSeconds: reply[1] };
}
