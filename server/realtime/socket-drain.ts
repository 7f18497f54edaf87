/**
 * Handing this node's live clients over at shutdown: tell them, let what is
 * queued for them be written, then close each connection at the transport
 * (not with a Socket.IO disconnect, after which a client would not reconnect
 * by itself), so each one reconnects with its backoff — elsewhere, behind a
 * load balancer.
 */
import { EVENT_VERSION } from "../../lib/events";
import type { RealtimeServer } from "./realtime-server";

/** Tells every client of this node (only this node's, even with a cluster adapter) that it is draining. */
export function announceDrain(io: RealtimeServer, now: number): void {
  io.local.emit("server:draining", { version: EVENT_VERSION, at: new Date(now).toISOString() });
}

/**
 * Closes every connection of this node once what was queued for it is
 * written (Engine.IO's `close()` waits for its write buffer, where
 * `io.close()` would discard it); resolves when all are closed or after
 * `timeoutMs`, whichever comes first.
 */
export async function closeConnections(io: RealtimeServer, timeoutMs: number): Promise<void> {
  // One Engine.IO connection per client, whatever namespaces it joined.
  const connections = new Set([...io.of("/").sockets.values()].map((socket) => socket.conn));
  const closed = [...connections].map(
    (connection) =>
      new Promise<void>((resolve) => {
        if (connection.readyState === "closed") return resolve();
        connection.once("close", () => resolve());
        connection.close();
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.all(closed), timeout]);
  clearTimeout(timer);
}
