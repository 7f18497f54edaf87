/**
 * The one Redis connection of a node (`REDIS_URL`): live fan-out between nodes
 * (the Socket.IO adapter duplicates it) and shared rate limits. Start-up fails
 * loudly when Redis cannot be reached; a connection lost later is retried
 * forever with backoff, and the node is told when it is lost and when it is back.
 */
import { createClient } from "redis";

/** The node-redis client type, as the adapter and the rate limiter use it. */
export type RedisClient = ReturnType<typeof createClient>;

/** Called when the connection drops (once per outage) and when it is ready again. */
export interface RedisHealthListener {
  lost(error: Error): void;
  back(): void;
}

/** A connected Redis and its health. */
export interface RedisConnection {
  client: RedisClient;
  /** Whether commands are being answered now (false during an outage). */
  healthy(): boolean;
  /** Adds a health listener; returns the function that removes it. */
  watch(listener: RedisHealthListener): () => void;
  /** Closes the connection, letting queued commands finish first. */
  close(): Promise<void>;
}

/** Start-up could not reach Redis; the message names `REDIS_URL` and the failure. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

// How long the first connection may take before start-up gives up.
const CONNECT_TIMEOUT_MS = 5000;
// Reconnect backoff after a lost connection: 100 ms doubling up to 5 s, forever.
const MAX_BACKOFF_MS = 5000;

/** `url` without its password (for messages and logs). */
export function redactRedisUrl(url: string): string {
  if (!URL.canParse(url)) return "(unparsable URL)";
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/**
 * Connects to `url`. Rejects with {@link RedisUnavailableError} when the first
 * connection fails (refused, unknown host, bad password, timeout): a node must
 * not start without the Redis its peers rely on.
 */
export async function connectRedis(url: string): Promise<RedisConnection> {
  let connected = false;
  let down: Error | null = null;
  const listeners = new Set<RedisHealthListener>();
  const client: RedisClient = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Before the first success, give up at once (start-up reports it); after, retry forever.
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(retries, 6)) : cause,
    },
  });
  const lose = (error: Error) => {
    if (!connected || down) return;
    down = error;
    for (const listener of listeners) listener.lost(error);
  };
  // node-redis emits `error` for every failed attempt; an unhandled one would crash the process.
  client.on("error", (error: Error) => lose(error));
  client.on("end", () => lose(new Error("connection closed")));
  client.on("reconnecting", () => lose(new Error("connection lost; reconnecting")));
  client.on("ready", () => {
    if (!down) return;
    down = null;
    for (const listener of listeners) listener.back();
  });

  try {
    await client.connect();
  } catch (error) {
    // A failed first connection may already have closed the client; destroying it again throws.
    if (client.isOpen) client.destroy();
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new RedisUnavailableError(
      `REDIS_URL: cannot connect to Redis at ${redactRedisUrl(url)}: ${reason}`,
    );
  }
  connected = true;

  return {
    client,
    healthy: () => down === null && client.isReady,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      // Closing must not wait on a Redis that is down: drop the socket instead.
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
