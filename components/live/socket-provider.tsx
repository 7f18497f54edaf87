"use client";

import { createContext, use, useEffect, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/events";

/** The dashboard's one Socket.IO connection, typed by the shared event contract. */
export type RunwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `connecting`: first attempt in flight; `connected`: live; `reconnecting`:
 * lost and retrying; `offline`: the browser is offline or the server refused us;
 * `signed-out`: the handshake was refused for want of a valid session (no
 * retries: only signing in again helps).
 */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "signed-out";

/** The handshake refusal the server sends when the session is missing, expired or revoked. */
const UNAUTHENTICATED = "unauthenticated";

/** Least time between two reconnects we start ourselves after the server dropped us. */
const KICK_RETRY_INTERVAL_MS = 10_000;

/** What {@link useSocket} returns. `socket` is null until mounted in the browser. */
export interface SocketState {
  socket: RunwatchSocket | null;
  status: ConnectionStatus;
}

const SocketContext = createContext<SocketState>({ socket: null, status: "connecting" });

/** Props of {@link SocketProvider}. */
export interface SocketProviderProps {
  children: ReactNode;
  /**
   * Never give up (wall screens): every {@link PERSISTENT_RETRY_MS} a connection
   * that Socket.IO stopped retrying (refused, dropped by the server, signed out)
   * is opened again, so the screen comes back on its own once the server does.
   */
  persistent?: boolean;
}

/** How often a persistent connection that is down and not retrying tries again. */
const PERSISTENT_RETRY_MS = 15_000;

/** Opens one same-origin Socket.IO connection for the whole app and tracks its state. */
export function SocketProvider({ children, persistent = false }: SocketProviderProps) {
  const [state, setState] = useState<SocketState>({ socket: null, status: "connecting" });

  useEffect(() => {
    const socket: RunwatchSocket = io({ path: SOCKET_PATH, withCredentials: true });
    const set = (status: ConnectionStatus) => setState({ socket, status });
    let signedOut = false;
    let lastKickRetry = 0;
    const onConnect = () => set("connected");
    // `active` is false when the server or our auth refused us; Socket.IO will not retry on its own then.
    const onDisconnect = (reason: string) => {
      if (signedOut) return;
      // The server ends the connections of a revoked key or session. One fresh handshake tells a
      // revocation (refused: signed out) from any other server-side drop (accepted: live again).
      if (reason === "io server disconnect" && navigator.onLine) {
        const now = Date.now();
        if (now - lastKickRetry > KICK_RETRY_INTERVAL_MS) {
          lastKickRetry = now;
          set("reconnecting");
          socket.connect();
          return;
        }
      }
      set(socket.active && navigator.onLine ? "reconnecting" : "offline");
    };
    const onConnectError = (error: Error) => {
      if (error.message === UNAUTHENTICATED) {
        signedOut = true;
        socket.disconnect();
        return set("signed-out");
      }
      set(socket.active && navigator.onLine ? "reconnecting" : "offline");
    };
    // The node is shutting down and will close the connection: Socket.IO then reconnects with its
    // backoff (to another node behind a load balancer). Say so now rather than show stale data as live.
    const onDraining = () => {
      if (!signedOut) set("reconnecting");
    };
    const onOffline = () => {
      if (!signedOut) set("offline");
    };
    const onOnline = () => {
      if (signedOut) return;
      if (socket.connected) return set("connected");
      set("reconnecting");
      socket.connect();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.on("server:draining", onDraining);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    set(navigator.onLine ? "connecting" : "offline");
    // Socket.IO retries lost connections forever by itself; this covers those it will not retry.
    const retry = persistent
      ? setInterval(() => {
          if (socket.connected || socket.active) return;
          signedOut = false;
          set("reconnecting");
          socket.connect();
        }, PERSISTENT_RETRY_MS)
      : undefined;
    return () => {
      clearInterval(retry);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [persistent]);

  return <SocketContext value={state}>{children}</SocketContext>;
}

/** The app's socket and its connection state. */
export function useSocket(): SocketState {
  return use(SocketContext);
}
