/**
 * Which messages a tick's changes become. Each change goes to the rooms whose
 * filter it satisfies; changes bound for exactly the same rooms travel
 * together, one message per distinct room set. A client is reached once per
 * message (Socket.IO sends a multi-room emit to each member once), and each
 * change is in exactly one message, so every client receives each change it
 * matches exactly once, and nothing it does not match.
 */

/** One message to send: these items, to every member of these rooms. */
export interface RoomBatch<T> {
  rooms: string[];
  items: T[];
}

/**
 * Groups `items` (in arrival order, kept within each batch) by the rooms
 * `roomsOf` names for each; an item bound for no room is dropped (no one,
 * connected or about to recover, would receive it).
 */
export function batchByRooms<T>(items: Iterable<T>, roomsOf: (item: T) => string[]): RoomBatch<T>[] {
  const batches = new Map<string, RoomBatch<T>>();
  for (const item of items) {
    const rooms = roomsOf(item);
    if (rooms.length === 0) continue;
    // Room names are JSON-ish but never contain a newline: a safe separator for the key.
    const key = [...rooms].sort().join("\n");
    const batch = batches.get(key);
    if (batch) batch.items.push(item);
    else batches.set(key, { rooms, items: [item] });
  }
  return [...batches.values()];
}
