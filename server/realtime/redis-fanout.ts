/**
 * Live updates across nodes (`REDIS_URL`): Socket.IO's Redis Streams adapter
 * carries every broadcast to the dashboards of every node, and keeps the
 * stream that connection-state recovery replays from, so a dashboard that
 * loses its node and reconnects to another is replayed what it missed (the
 * pub/sub adapter cannot: it keeps nothing). Websocket transport only, so a
 * load balancer needs no sticky sessions.
 */
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { ServerOptions } from "socket.io";
import type { RedisConnection } from "../redis/redis-connection";
import type { RealtimeServer } from "./realtime-server";

/** Names of the stream, channels and session keys Runwatch uses in Redis. */
export const REDIS_FANOUT_KEYS = {
  streamName: "runwatch:socket.io",
  channelPrefix: "runwatch:socket.io",
  sessionKeyPrefix: "runwatch:socket.io:session:",
} as const;

/** The adapter factory to give the Socket.IO server. */
export function redisAdapter(redis: RedisConnection): NonNullable<ServerOptions["adapter"]> {
  // Payloads are JSON (the event contract has no binary), which spares a check of every packet.
  return createAdapter(redis.client, { ...REDIS_FANOUT_KEYS, onlyPlaintext: true });
}

/** Where the guard reports an outage. */
export interface OutageLog {
  error(fields: object, message: string): void;
  info(message: string): void;
}

/**
 * Tells dashboards when fan-out is lost. While Redis is unreachable this
 * node's broadcasts would reach only its own dashboards, and late: so its
 * sockets are closed (their clients show "reconnecting" and retry on their
 * own) and new handshakes are refused (403, retried too) until Redis is back,
 * when they reconnect and recover or refetch. Returns the function that stops it.
 */
export function guardRedisOutage(io: RealtimeServer, redis: RedisConnection, log: OutageLog): () => void {
  return redis.watch({
    lost(error) {
      log.error(
        { err: error, sockets: io.of("/").sockets.size },
        "REDIS_URL: Redis connection lost; live updates paused and dashboards disconnected until it is back",
      );
      // A transport close, not `disconnect(true)`: the client reconnects by itself, and its session is kept for recovery.
      for (const socket of io.of("/").sockets.values()) socket.conn.close();
    },
    back() {
      log.info("REDIS_URL: Redis connection is back; live updates resume");
    },
  });
}

/** Refuses Socket.IO handshakes while Redis is down (engine.io's `allowRequest`). */
export function refuseWhileRedisDown(redis: RedisConnection): NonNullable<ServerOptions["allowRequest"]> {
  return (_request, callback) => {
    if (redis.healthy()) callback(null, true);
    else callback("live updates are unavailable: Redis is unreachable", false);
  };
}
