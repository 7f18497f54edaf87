/**
 * The Socket.IO server: typed with the shared contract, connection-state
 * recovery on, and the `subscribe` handler. Broadcasting lives in
 * `broadcaster.ts`; nothing here knows about jobs beyond room names.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { z } from "zod";
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/events";
import { jobSourceSchema } from "../../lib/job";
import { ALL_ROOM, MAX_FILTER_VALUES, roomsForFilter } from "./rooms";
import type { SocketData } from "./socket-auth";

/** The typed Socket.IO server. */
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const filterSchema = z
  .object({
    repos: z.array(z.string().min(1).max(300)).optional(),
    sources: z.array(jobSourceSchema).optional(),
    labels: z.array(z.string().min(1).max(300)).optional(),
  })
  .refine(
    (f) => (f.repos?.length ?? 0) + (f.sources?.length ?? 0) + (f.labels?.length ?? 0) <= MAX_FILTER_VALUES,
    `a subscription may list at most ${MAX_FILTER_VALUES} values`,
  );

/** Attaches Socket.IO to the HTTP server. */
export function createSocketServer(httpServer: HttpServer): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // A client that drops for up to two minutes gets the missed events replayed on reconnect.
    // Middlewares still run on recovery: a revoked credential must not slip back in.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    maxHttpBufferSize: 64 * 1024,
    // Other upgrades on this server (Next's hot reload in dev) are not ours to destroy.
    destroyUpgrade: false,
  });

  io.on("connection", (socket) => {
    // A recovered socket keeps its rooms; a new one starts with everything.
    if (!socket.recovered) void socket.join(ALL_ROOM);

    socket.on("subscribe", (filter, ack) => {
      const parsed = filterSchema.safeParse(filter);
      if (!parsed.success) {
        if (typeof ack === "function")
          ack({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid filter" });
        return;
      }
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
      for (const room of roomsForFilter(parsed.data)) void socket.join(room);
      if (typeof ack === "function") ack({ ok: true });
    });
  });
  return io;
}
