/**
 * The Socket.IO server: typed with the shared contract, connection-state
 * recovery on, and the `subscribe` handler. Broadcasting lives in
 * `broadcaster.ts`; nothing here knows about jobs beyond room names.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { parseSubscribeFilter, SOCKET_PATH, type SubscribeFilter } from "../../lib/events";
import type { RealtimeServer } from "./realtime-server";
import { ALL_ROOM, MAX_SUBSCRIPTION_ROOMS, roomCount, roomsForFilter } from "./rooms";
import { scopedRooms } from "./team-rooms";
import { CREDENTIAL_ROOM_PREFIX } from "./socket-auth";

export type { RealtimeServer } from "./realtime-server";

/** How long a dropped client has to reconnect and be replayed what it missed, ms. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

/** What a node running beside others adds (`redis-fanout.ts`); absent for a single node. */
export interface SocketServerCluster {
  /** The adapter carrying broadcasts and recovery state between nodes. */
  adapter: NonNullable<ServerOptions["adapter"]>;
  /** Refuses handshakes while the adapter cannot work. */
  allowRequest: NonNullable<ServerOptions["allowRequest"]>;
}

/** Attaches Socket.IO to the HTTP server (in memory, or shared with other nodes through `cluster`). */
export function createSocketServer(httpServer: HttpServer, cluster?: SocketServerCluster): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    ...cluster,
    path: SOCKET_PATH,
    serveClient: false,
    // A client that drops for up to two minutes gets the missed events replayed on reconnect.
    // Middlewares still run on recovery: a revoked credential must not slip back in.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    // Compressing costs CPU per recipient (each socket has its own deflate context) and stops
    // Socket.IO from framing a broadcast once for everyone; updates are small JSON anyway.
    perMessageDeflate: false,
    maxHttpBufferSize: 64 * 1024,
    // Other upgrades on this server (Next's hot reload in dev) are not ours to destroy.
    destroyUpgrade: false,
  });

  io.on("connection", (socket) => {
    // The caller's teams decide which copy of each room it joins (see `team-rooms.ts`).
    const teams = socket.data.principal?.teams ?? null;
    // A recovered socket keeps its rooms; a new one starts with everything (its teams' everything).
    if (!socket.recovered) for (const room of scopedRooms([ALL_ROOM], teams)) void socket.join(room);

    socket.on("subscribe", (input, ack) => {
      // The client's types are a promise, not a guarantee: check what arrived.
      const parsed = parseSubscribeFilter(input);
      const refusal = parsed.ok ? roomCapRefusal(parsed.filter, teams) : parsed.error;
      if (parsed.ok && refusal === null) {
        for (const room of socket.rooms)
          if (room !== socket.id && !room.startsWith(CREDENTIAL_ROOM_PREFIX)) void socket.leave(room);
        for (const room of scopedRooms(roomsForFilter(parsed.filter), teams)) void socket.join(room);
      }
      if (typeof ack === "function") ack(refusal === null ? { ok: true } : { ok: false, error: refusal });
    });
  });
  return io;
}

/** Why a valid filter is still refused: it would join more than {@link MAX_SUBSCRIPTION_ROOMS} rooms; null when it may. */
function roomCapRefusal(filter: SubscribeFilter, teams: readonly string[] | null): string | null {
  const count = roomCount(filter);
  // A scoped socket joins one copy per team: the cap counts the filter's rooms, times its teams.
  if (count * Math.max(1, teams?.length ?? 1) <= MAX_SUBSCRIPTION_ROOMS) return null;
  return `a subscription may join at most ${MAX_SUBSCRIPTION_ROOMS} rooms (one per combination of its repos, sources and labels); this one would join ${count}`;
}
