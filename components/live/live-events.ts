/**
 * Where socket events enter the dashboard: every live hook listens through
 * {@link listenLive}, so every payload passes {@link parseLiveEvent} first.
 * No React; the socket is anything with Socket.IO's `on`/`off`/`connected`/`recovered`.
 */
import { parseServerEvent, type ServerToClientEvents } from "@/lib/events";

/** The events the server sends. */
export type LiveEventName = keyof ServerToClientEvents;

/** The payload of event `E`, as the contract types it. */
export type LivePayload<E extends LiveEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Handlers of (parsed) server events, by event name. */
export type LiveHandlers = { [E in LiveEventName]?: (payload: LivePayload<E>) => void };

/** The part of a Socket.IO client socket that live hooks use. */
export interface LiveSocket {
  readonly connected: boolean;
  /** Whether the last reconnection recovered the events missed while disconnected. */
  readonly recovered: boolean;
  on(event: string, listener: (payload: unknown) => void): unknown;
  off(event: string, listener: (payload: unknown) => void): unknown;
}

/**
 * The one gate of every payload the dashboard receives: the payload checked
 * against the contract's schema (`lib/events.ts`), or null to drop it (malformed,
 * or a `version` this dashboard does not understand). Unknown keys are dropped.
 */
export function parseLiveEvent<E extends LiveEventName>(event: E, payload: unknown): LivePayload<E> | null {
  return parseServerEvent(event, payload);
}

/** What {@link listenLive} listens for. */
export interface LiveListeners {
  /** Server events, each handled once its payload has passed {@link parseLiveEvent}. */
  events: LiveHandlers;
  /** Called when the socket (re)connects without recovering the events it missed. */
  onMissed?: () => void;
  /**
   * Also call `onMissed` at once if the socket is already connected: it may have
   * connected before these listeners existed, and data fetched since may have missed events.
   */
  missedIfConnected?: boolean;
}

/** Attaches the listeners to the socket; returns the function that detaches them. */
export function listenLive(socket: LiveSocket, { events, onMissed, missedIfConnected }: LiveListeners) {
  const attached: Array<[string, (payload: unknown) => void]> = [];
  for (const [event, handle] of Object.entries(events) as Array<
    [LiveEventName, (payload: unknown) => void]
  >) {
    const listener = (payload: unknown) => {
      const parsed = parseLiveEvent(event, payload);
      if (parsed !== null) handle(parsed);
    };
    attached.push([event, listener]);
  }
  const onConnect = () => {
    if (!socket.recovered) onMissed?.();
  };
  attached.push(["connect", onConnect]);
  for (const [event, listener] of attached) socket.on(event, listener);
  if (missedIfConnected && socket.connected) onMissed?.();
  return () => {
    for (const [event, listener] of attached) socket.off(event, listener);
  };
}
