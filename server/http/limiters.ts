/**
 * The three rate-limit budgets of a node: in memory for one node, shared
 * through Redis when `REDIS_URL` is set (so N nodes behind a load balancer
 * enforce one budget, not N).
 */
import type { RedisConnection } from "../redis/redis-connection";
import type { Settings } from "../settings";
import type { AccessDeps } from "./access";
import { tokenBucketLimiter } from "./rate-limit";
import { redisTokenBucketLimiter } from "./redis-rate-limit";

/**
 * Builds the API, webhook and sign-in limiters. `onFallback` hears when a
 * budget falls back to this node's own bucket because Redis did not answer.
 */
export function budgetLimiters(
  rateLimits: Settings["rateLimits"],
  redis: RedisConnection | null,
  onFallback: (error: Error) => void,
): AccessDeps["limiters"] {
  const limiter = (perMinute: number) =>
    redis ? redisTokenBucketLimiter(redis, perMinute, { onFallback }) : tokenBucketLimiter(perMinute);
  return {
    api: limiter(rateLimits.api),
    webhook: limiter(rateLimits.webhook),
    signIn: limiter(rateLimits.signIn),
  };
}
