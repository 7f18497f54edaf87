/**
 * Test helper: waiting for one record in the batched live updates
 * (`jobs:updated`, `runs:updated`, `runners:updated`, `sources:updated`), each
 * payload checked as the browser checks it.
 */
import { io as connect, type Socket } from "socket.io-client";
import { parseServerEvent, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/events";
import { ADMIN_TOKEN } from "./helpers";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";

/** The record each batched update event carries a list of. */
export interface UpdateItems {
  "jobs:updated": Job;
  "runs:updated": PipelineRun;
  "runners:updated": Runner;
  "sources:updated": DeliveryStats;
}

/** A batched update event. */
export type UpdateEvent = keyof UpdateItems;

const LIST_OF = {
  "jobs:updated": "jobs",
  "runs:updated": "runs",
  "runners:updated": "runners",
  "sources:updated": "sources",
} as const satisfies Record<UpdateEvent, string>;

/** The records of a received `event` payload, in order; throws on a payload the contract refuses. */
export function itemsOf<E extends UpdateEvent>(event: E, payload: unknown): UpdateItems[E][] {
  const parsed = parseServerEvent(event, payload);
  if (!parsed) throw new Error(`${event}: payload refused by the contract: ${JSON.stringify(payload)}`);
  return (parsed as unknown as Record<string, UpdateItems[E][]>)[LIST_OF[event]] ?? [];
}

/** The part of a Socket.IO client socket used here (its typed `on` cannot narrow a generic event). */
interface Listening {
  on(event: string, listener: (payload: unknown) => void): unknown;
  off(event: string, listener: (payload: unknown) => void): unknown;
}

/** Resolves with the first record of `event` matching `predicate`, received from now on. */
export function nextUpdate<E extends UpdateEvent>(
  socket: object,
  event: E,
  predicate: (item: UpdateItems[E]) => boolean,
  timeoutMs = 5000,
): Promise<UpdateItems[E]> {
  const listening = socket as Listening;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event}`)), timeoutMs);
    const listener = (payload: unknown) => {
      const match = itemsOf(event, payload).find(predicate);
      if (match === undefined) return;
      clearTimeout(timer);
      listening.off(event, listener);
      resolve(match);
    };
    listening.on(event, listener);
  });
}

/** A dashboard's socket in a test. */
export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects a socket as the test admin (websocket only, a new connection each
 * time), adds it to `open` for the test's `afterEach` to disconnect, and
 * resolves once connected.
 */
export async function connectAdmin(url: string, open: TestClient[]): Promise<TestClient> {
  const socket: TestClient = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    auth: { token: ADMIN_TOKEN },
  });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}
