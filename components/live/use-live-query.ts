"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { listenLive, type LiveListeners, type LiveSocket } from "./live-events";
import { startLiveQuery, type LiveQuerySpec } from "./live-query";
import { useSocket, type RunwatchSocket } from "./socket-provider";

/**
 * The app's socket as the live helpers see it. The typed socket's `on` takes only
 * the contract's event names, which are exactly the names `listenLive` attaches.
 */
const asLiveSocket = (socket: RunwatchSocket) => socket as unknown as LiveSocket;

/** What a {@link useLiveEvents} factory returns. */
export interface LiveEventsSetup extends LiveListeners {
  /** Releases what the listeners hold (throttles, timers), on unmount. */
  dispose?: () => void;
}

/**
 * Listens to server events while the socket exists: `create` builds the
 * listeners (given the query client) each time the socket, the client or
 * `create` itself changes — keep `create` stable (module scope or `useCallback`).
 */
export function useLiveEvents(create: (queryClient: QueryClient) => LiveEventsSetup): void {
  const { socket } = useSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const setup = create(queryClient);
    const stop = listenLive(asLiveSocket(socket), setup);
    return () => {
      stop();
      setup.dispose?.();
    };
  }, [socket, queryClient, create]);
}

/**
 * Keeps cached queries current from socket events, as the {@link LiveQuerySpec}
 * that `create` builds says (see {@link startLiveQuery}). Keep `create` stable.
 */
export function useLiveQuery<C>(create: (queryClient: QueryClient) => LiveQuerySpec<C>): void {
  const { socket } = useSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    return startLiveQuery(queryClient, asLiveSocket(socket), create(queryClient));
  }, [socket, queryClient, create]);
}
