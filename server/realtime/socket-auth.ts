/**
 * The one place a socket is authenticated: the handshake must carry an API
 * key (`auth: { token }`) or the session cookie, with read scope, unless auth
 * is off. Revoking a key or session ends the live connections opened with it,
 * on every node, and so does a session's expiry.
 */
import {
  allows,
  credentialsFrom,
  resolvePrincipal,
  type AccessTokenCheck,
  type Principal,
} from "../auth/principal";
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

/** Rooms of a socket's credential start with this (a subscription keeps them). */
export const CREDENTIAL_ROOM_PREFIX = "cred:";
/** Every socket of a signed-in user who is not an admin (their teams follow their groups). */
const SCOPED_USERS_ROOM = `${CREDENTIAL_ROOM_PREFIX}scoped-users`;

/**
 * The rooms that name a socket's credential: its key (or user), its session,
 * and, when not an admin, the rooms a scope change ends.
 */
export function credentialRooms(principal: Principal | null): string[] {
  if (!principal) return [];
  const rooms = [`${CREDENTIAL_ROOM_PREFIX}key:${principal.keyId}`];
  if (principal.sessionId) rooms.push(`${CREDENTIAL_ROOM_PREFIX}session:${principal.sessionId}`);
  if (!principal.scopes.includes("admin")) {
    rooms.push(`${CREDENTIAL_ROOM_PREFIX}scoped-key:${principal.keyId}`);
    if (principal.userId !== null) rooms.push(SCOPED_USERS_ROOM);
  }
  return rooms;
}

/** Ends, on every node, the sockets in any of `rooms` (none named: none ended, never all). */
function endSocketsIn(io: RealtimeServer, rooms: (string | false | undefined)[]): void {
  const named = rooms.filter((room): room is string => Boolean(room));
  if (named.length > 0) io.in(named).disconnectSockets(true);
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

  const onConnection = (socket: RealtimeSocket) => {
    // A recovered socket is back in the rooms it had, these included.
    if (!socket.recovered) void socket.join(credentialRooms(socket.data.principal ?? null));
    endSocketWithSession(socket, deps.clock);
  };
  io.on("connection", onConnection);

  // Sockets are ended through their credential's rooms, so that with Redis every node ends its own
  // (the adapter carries `disconnectSockets` across nodes), not only the node that was told.
  const onRevoked = ({ keyId, sessionId }: { keyId?: string; sessionId?: string }) => {
    const rooms = [
      keyId && `${CREDENTIAL_ROOM_PREFIX}key:${keyId}`,
      sessionId && `${CREDENTIAL_ROOM_PREFIX}session:${sessionId}`,
    ];
    endSocketsIn(io, rooms);
  };
  deps.events.on("credential.revoked", onRevoked);
  // A socket's rooms follow the scope it opened with: when that scope changes, it is ended and
  // reconnects (the client does so at once) with the new one. Admins are never scoped: left alone.
  const onScopeChanged = ({ keyId, users }: { keyId?: string; users?: true }) => {
    const rooms = [keyId && `${CREDENTIAL_ROOM_PREFIX}scoped-key:${keyId}`, users && SCOPED_USERS_ROOM];
    endSocketsIn(io, rooms);
  };
  deps.events.on("scope.changed", onScopeChanged);
  return () => {
    deps.events.off("scope.changed", onScopeChanged);
    io.off("connection", onConnection);
    deps.events.off("credential.revoked", onRevoked);
  };
}
