/**
 * The typed Socket.IO server and what it keeps per socket: shared by the
 * server's setup, its authentication and the broadcaster, which otherwise
 * know nothing of each other.
 */
import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/events";
import type { Principal } from "../auth/principal";

/** Per-socket data kept by the server. */
export interface SocketData {
  /** Who opened the socket; null when auth is off and no credential was given. */
  principal: Principal | null;
}

/** The typed Socket.IO server. */
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** One connection of the typed server. */
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
