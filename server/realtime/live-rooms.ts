/**
 * Which update rooms are worth sending to: those with members now, and those
 * that lost their last member within the recovery window (a client that
 * reconnects in time is replayed what was sent to its rooms meanwhile, so
 * those rooms must still be named). Dropping the other rooms from a message's
 * target lets changes that differ only in rooms no one is in share one message:
 * with every dashboard watching everything, a tick is one message per kind.
 */
import type { RealtimeServer } from "./realtime-server";
import { isUpdateRoom } from "./rooms";

/** Rooms with members or recently emptied. */
export interface LiveRooms {
  /** Whether an update sent to `room` could reach anyone. */
  has(room: string): boolean;
  /** Stops tracking. */
  stop(): void;
}

/** Tracks the update rooms of `io`'s main namespace; `keepMs` is the recovery window. */
export function trackLiveRooms(io: RealtimeServer, keepMs: number, now: () => number = Date.now): LiveRooms {
  const adapter = io.of("/").adapter;
  const emptied = new Map<string, number>();
  const onDelete = (room: string) => {
    if (!isUpdateRoom(room)) return;
    const at = now();
    emptied.set(room, at);
    // Bounded by the rooms emptied within the window: forget the expired ones now and then.
    if (emptied.size > 256) for (const [name, t] of emptied) if (at - t >= keepMs) emptied.delete(name);
  };
  const onCreate = (room: string) => {
    emptied.delete(room);
  };
  adapter.on("delete-room", onDelete);
  adapter.on("create-room", onCreate);
  return {
    has(room) {
      if (adapter.rooms.has(room)) return true;
      const at = emptied.get(room);
      return at !== undefined && now() - at < keepMs;
    },
    stop() {
      adapter.off("delete-room", onDelete);
      adapter.off("create-room", onCreate);
    },
  };
}
