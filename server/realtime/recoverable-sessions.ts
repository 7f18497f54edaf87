/**
 * Connection-state recovery that survives the death of the node a dashboard
 * was on. Socket.IO saves a session (its rooms, for replay) only when the
 * connection closes — code a SIGKILLed or crashed node never runs, so its
 * dashboards reconnected to another node would start afresh and miss what
 * happened in between. With nodes sharing Redis, each session is therefore
 * also saved while the socket is live: when it connects (new or recovered),
 * when its rooms change (debounced to once per socket per tick), and again
 * every half recovery window so the saved copy never expires under a live
 * socket. A node that dies
 * leaves sessions at most a window old; the other node restores them (and
 * replays the missed broadcasts from the shared stream) on reconnect.
 *
 * A session saved this way and never restored expires after the window. It
 * grants nothing by itself: restoring needs the socket's private id, and the
 * auth middleware runs again on recovery.
 */
import type { RealtimeServer } from "./realtime-server";
import { RECOVERY_WINDOW_MS } from "./socket-server";

/** The parts of a live socket its saved session is made of. */
interface LiveSocket {
  id: string;
  connected: boolean;
  rooms: Set<string>;
  data: unknown;
}

/** The socket's private session id, which Socket.IO keeps out of its public types. */
const privateId = (socket: LiveSocket) => (socket as unknown as { pid?: string }).pid;

/**
 * Saves every live socket's session through the adapter as described above;
 * `ready` says whether the adapter's store can take writes now (saves wait for
 * the next one otherwise). Returns the function that stops it.
 */
export function keepSessionsRecoverable(
  io: RealtimeServer,
  ready: () => boolean,
  refreshMs = RECOVERY_WINDOW_MS / 2,
): () => void {
  const namespace = io.of("/");
  const pending = new Set<string>();
  let flush: NodeJS.Immediate | undefined;

  const save = (socket: LiveSocket) => {
    const pid = privateId(socket);
    if (!socket.connected || pid === undefined) return;
    namespace.adapter.persistSession({
      sid: socket.id,
      pid,
      rooms: [...socket.rooms],
      data: socket.data,
    });
  };
  const saveSoon = (_room: string, sid: string) => {
    pending.add(sid);
    flush ??= setImmediate(() => {
      flush = undefined;
      if (!ready()) return pending.clear();
      for (const id of pending) {
        const socket = namespace.sockets.get(id);
        if (socket) save(socket);
      }
      pending.clear();
    });
  };
  // A recovered socket rejoins its rooms before it counts as connected (no later join to
  // catch), so each connection is saved as such too; then every change of its rooms.
  const onConnection = (socket: LiveSocket) => saveSoon("", socket.id);
  namespace.on("connection", onConnection);
  namespace.adapter.on("join-room", saveSoon);
  namespace.adapter.on("leave-room", saveSoon);
  const refresh = setInterval(() => {
    if (ready()) for (const socket of namespace.sockets.values()) save(socket);
  }, refreshMs);
  refresh.unref();

  return () => {
    clearInterval(refresh);
    if (flush) clearImmediate(flush);
    namespace.off("connection", onConnection);
    namespace.adapter.off("join-room", saveSoon);
    namespace.adapter.off("leave-room", saveSoon);
  };
}
