/**
 * The one broadcaster: listens to domain events and pushes them to clients.
 * Changes are coalesced per tick — only the latest state of each job in a tick
 * is sent — so a burst of webhooks for the same jobs costs one message each.
 */
import { EVENT_VERSION } from "../../lib/events";
import type { Job } from "../../lib/job";
import type { DomainEvents } from "../domain/events";
import { roomsForJob } from "./rooms";
import type { RealtimeServer } from "./socket-server";

/** Options of the broadcaster. */
export interface BroadcasterOptions {
  /** Coalescing window in ms (default 50). */
  tickMs?: number;
}

/** Starts broadcasting; returns a function that flushes what is pending and stops. */
export function startBroadcaster(io: RealtimeServer, events: DomainEvents, options: BroadcasterOptions = {}) {
  const tickMs = options.tickMs ?? 50;
  const pending = new Map<string, Job>();
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    for (const job of pending.values()) {
      io.to(roomsForJob(job)).emit("job:updated", { version: EVENT_VERSION, job });
    }
    pending.clear();
  };

  const onJobChanged = ({ job }: { job: Job }) => {
    pending.set(job.id, job);
    timer ??= setTimeout(flush, tickMs);
  };
  events.on("job.changed", onJobChanged);

  return function stop() {
    events.off("job.changed", onJobChanged);
    if (timer) clearTimeout(timer);
    flush();
  };
}
