/**
 * The one place a socket is authenticated: the handshake must carry an API
 * key (`auth: { token }`) or the session cookie, with read scope, unless auth
 * is off. Revoking a key or session ends the live connections opened with it,
 * and so does a session's expiry.
 */
import { allows, credentialsFrom, resolvePrincipal, type AccessTokenCheck } from "../auth/principal";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { AuthStore } from "../store/store";
import type { RealtimeServer, RealtimeSocket } from "./realtime-server";
import { endSocketWithSession } from "./session-expiry";

/** Dependencies of socket authentication. */
export interface SocketAuthDeps {
  store: AuthStore;
  clock: Clock;
  events: DomainEvents;
  authRequired: boolean;
  /** Checks an OAuth 2.0 access token sent as `auth.token`; absent without single sign-on. */
  accessTokens?: AccessTokenCheck;
}

/** Installs the handshake check, the session-expiry timers and the revocation listener. */
export function installSocketAuth(io: RealtimeServer, deps: SocketAuthDeps): () => void {
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === "string" ? auth.token : undefined;
    const credentials = credentialsFrom(socket.handshake.headers, token);
    resolvePrincipal(deps.store, credentials, deps.clock.now(), deps.accessTokens).then(
      (resolution) => {
        if (resolution.kind === "ok") {
          if (!allows(resolution.principal, "read")) return next(new Error("forbidden"));
          socket.data.principal = resolution.principal;
          return next();
        }
        if (resolution.kind === "none" && !deps.authRequired) {
          socket.data.principal = null;
          return next();
        }
        return next(new Error("unauthenticated"));
      },
      () => next(new Error("unavailable")),
    );
  });

  const onConnection = (socket: RealtimeSocket) => endSocketWithSession(socket, deps.clock);
  io.on("connection", onConnection);

  const onRevoked = ({ keyId, sessionId }: { keyId?: string; sessionId?: string }) => {
    for (const socket of io.sockets.sockets.values()) {
      const p = socket.data.principal;
      if (p && ((keyId && p.keyId === keyId) || (sessionId && p.sessionId === sessionId)))
        socket.disconnect(true);
    }
  };
  deps.events.on("credential.revoked", onRevoked);
  // A socket's rooms follow the scope it opened with: when that scope changes, it is ended and
  // reconnects (the client does so at once) with the new one. Admins are never scoped: left alone.
  const onScopeChanged = ({ keyId, users }: { keyId?: string; users?: true }) => {
    for (const socket of io.sockets.sockets.values()) {
      const p = socket.data.principal;
      if (!p || p.scopes.includes("admin")) continue;
      if ((keyId && p.keyId === keyId) || (users && p.userId !== null)) socket.disconnect(true);
    }
  };
  deps.events.on("scope.changed", onScopeChanged);
  return () => {
    deps.events.off("scope.changed", onScopeChanged);
    io.off("connection", onConnection);
    deps.events.off("credential.revoked", onRevoked);
  };
}
