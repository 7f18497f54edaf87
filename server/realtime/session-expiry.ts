/**
 * A socket opened with a session cookie ends when the session does: the
 * handshake checked the session once, so without this the socket would keep
 * receiving updates after the cookie stopped working over HTTP.
 */
import type { Clock } from "../domain/clock";
import type { RealtimeSocket } from "./realtime-server";

/** Longest delay `setTimeout` honours (2^31 − 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Disconnects a socket authenticated by a session when that session expires,
 * exactly as revoking it does (`disconnect(true)`). One timer per such socket,
 * cleared when it disconnects; sockets opened with an API key (which does not
 * expire) or anonymously get none. Sessions have no idle timeout, only this fixed end.
 */
export function endSocketWithSession(socket: RealtimeSocket, clock: Clock): void {
  const expiresAt = socket.data.principal?.expiresAt;
  if (!expiresAt) return;
  const endsAt = Date.parse(expiresAt);
  let timer: NodeJS.Timeout | undefined;
  // Re-armed rather than trusted: a session may outlast what one timer can wait.
  const check = () => {
    const left = endsAt - clock.now();
    if (left <= 0) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once("disconnect", () => clearTimeout(timer));
  check();
}
