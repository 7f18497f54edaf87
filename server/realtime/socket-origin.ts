/**
 * Cross-site WebSocket hijacking guard: a browser sends the session cookie with
 * a handshake that any page may start, so a handshake that says where it comes
 * from must come from the dashboard itself. Checked before credentials.
 */
import type { RealtimeServer } from "./realtime-server";

/** The `connect_error` message of a handshake from a foreign origin. */
export const ORIGIN_NOT_ALLOWED = "origin not allowed";

/**
 * Whether a handshake's `Origin` is the dashboard's own: the host the request
 * came to (its `Host`, under either scheme, since a TLS-terminating proxy
 * forwards https pages over http), or exactly the origin of `publicUrl`.
 * `null` (sandboxed frames, files) and anything unparsable are foreign.
 */
export function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string | null): boolean {
  if (!URL.canParse(origin)) return false;
  const from = new URL(origin);
  if (from.protocol !== "http:" && from.protocol !== "https:") return false;
  if (publicUrl !== null && from.origin === new URL(publicUrl).origin) return true;
  // A Host is an authority only; anything else in it would let URL parsing pick a host of its own.
  if (!host || !/^[^\s/?#@\\]+$/.test(host)) return false;
  // Parsed under the Origin's scheme, so `host:443` and `host` compare equal for https.
  const target = `${from.protocol}//${host}`;
  return URL.canParse(target) && new URL(target).host === from.host;
}

/**
 * Refuses handshakes whose `Origin` is not the dashboard's own with
 * `connect_error` {@link ORIGIN_NOT_ALLOWED}. A handshake without `Origin`
 * (a non-browser client, which must then bring an API key) is let through to
 * the credential check. Install before the authentication middleware.
 */
export function installOriginCheck(io: RealtimeServer, publicUrl: string | null): void {
  io.use((socket, next) => {
    const { origin, host } = socket.handshake.headers;
    if (origin === undefined || isOwnOrigin(origin, host, publicUrl)) return next();
    next(new Error(ORIGIN_NOT_ALLOWED));
  });
}
