/**
 * The live side of the server: the Socket.IO server on the HTTP server (with
 * the Redis streams adapter when several nodes share Redis), its origin and
 * credential checks, and the one broadcaster. Wiring only, split from
 * `app.ts`.
 */
import type { FastifyInstance } from "fastify";
import type { DomainEvents } from "./domain/events";
import { startBroadcaster, type BroadcasterOptions } from "./realtime/broadcaster";
import type { RealtimeServer } from "./realtime/realtime-server";
import { guardRedisOutage, redisAdapter, refuseWhileRedisDown } from "./realtime/redis-fanout";
import { keepSessionsRecoverable } from "./realtime/recoverable-sessions";
import { installSocketAuth, type SocketAuthDeps } from "./realtime/socket-auth";
import { installOriginCheck } from "./realtime/socket-origin";
import { createSocketServer } from "./realtime/socket-server";
import type { RedisConnection } from "./redis/redis-connection";

/** What the live side needs. */
export interface RealtimeWiring {
  app: FastifyInstance;
  events: DomainEvents;
  redis: RedisConnection | null;
  /** The dashboard's own origin (handshakes from elsewhere are refused). */
  publicUrl: string | null;
  auth: SocketAuthDeps;
  /** The broadcaster's options, but for `everyRoomLive` (true with Redis). */
  broadcast: Omit<BroadcasterOptions, "everyRoomLive">;
}

/** The live side, started. */
export interface Realtime {
  io: RealtimeServer;
  /** Stops broadcasting (after the writer's last commits went out). */
  stopBroadcaster(): void;
  /** Removes the checks and guards and closes the Socket.IO server (after its clients were handed over). */
  close(): void;
}

/** Creates the Socket.IO server and starts broadcasting domain events to it. */
export function startRealtime({ app, events, redis, publicUrl, auth, broadcast }: RealtimeWiring): Realtime {
  const io = createSocketServer(
    app.server,
    redis ? { adapter: redisAdapter(redis), allowRequest: refuseWhileRedisDown(redis) } : undefined,
  );
  const stopOutageGuard = redis
    ? guardRedisOutage(io, redis, {
        error: (fields, message) => app.log.error(fields, message),
        info: (message) => app.log.info(message),
      })
    : () => {};
  // Sessions saved while live too, so another node can recover the dashboards of one that dies.
  const stopKeepingSessions = redis ? keepSessionsRecoverable(io, redis.healthy) : () => {};
  installOriginCheck(io, publicUrl);
  const stopSocketAuth = installSocketAuth(io, auth);
  const stopBroadcaster = startBroadcaster(io, events, { ...broadcast, everyRoomLive: redis !== null });
  return {
    io,
    stopBroadcaster,
    close() {
      stopSocketAuth();
      stopOutageGuard();
      stopKeepingSessions();
      io.close();
    },
  };
}
