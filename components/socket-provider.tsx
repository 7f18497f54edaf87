"use client";

import { createContext, use, useEffect, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/events";

/** The dashboard's one Socket.IO connection, typed by the shared event contract. */
export type RunwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `connecting`: first attempt in flight; `connected`: live; `reconnecting`:
 * lost and retrying; `offline`: the browser is offline or the server refused us.
 */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** What {@link useSocket} returns. `socket` is null until mounted in the browser. */
export interface SocketState {
  socket: RunwatchSocket | null;
  status: ConnectionStatus;
}

const SocketContext = createContext<SocketState>({ socket: null, status: "connecting" });

/** Props of {@link SocketProvider}. */
export interface SocketProviderProps {
  children: ReactNode;
}

/** Opens one same-origin Socket.IO connection for the whole app and tracks its state. */
export function SocketProvider({ children }: SocketProviderProps) {
  const [state, setState] = useState<SocketState>({ socket: null, status: "connecting" });

  useEffect(() => {
    const socket: RunwatchSocket = io({ path: SOCKET_PATH, withCredentials: true });
    const set = (status: ConnectionStatus) => setState({ socket, status });
    const onConnect = () => set("connected");
    // `active` is false when the server or our auth refused us; Socket.IO will not retry on its own then.
    const onDisconnect = () => set(socket.active && navigator.onLine ? "reconnecting" : "offline");
    const onConnectError = () => set(socket.active && navigator.onLine ? "reconnecting" : "offline");
    const onOffline = () => set("offline");
    const onOnline = () => {
      if (socket.connected) return set("connected");
      set("reconnecting");
      socket.connect();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    set(navigator.onLine ? "connecting" : "offline");
    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, []);

  return <SocketContext value={state}>{children}</SocketContext>;
}

/** The app's socket and its connection state. */
export function useSocket(): SocketState {
  return use(SocketContext);
}
