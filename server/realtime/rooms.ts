/**
 * Room naming. A client's subscription is one room; a job is published to every
 * room whose filter it matches, so `io.to(rooms)` reaches each matching client
 * once and connection-state recovery (which replays room broadcasts) keeps
 * working. Rooms are named only here.
 */
import type { SubscribeFilter } from "../../lib/events";
import type { Job } from "../../lib/job";

/** The room of clients that asked for everything. */
export const ALL_ROOM = "jobs:all";

type Dimension = "repo" | "source" | "label";

/** Whether a room is one of ours (not a socket's own room). */
export const isUpdateRoom = (room: string) => room.startsWith("jobs:");

const roomName = (parts: Partial<Record<Dimension, string>>) =>
  `jobs:${JSON.stringify([parts.repo ?? null, parts.source ?? null, parts.label ?? null])}`;

// Repeated values name the same room: each counts once.
const orAny = <T>(values: T[] | undefined): (T | undefined)[] =>
  values?.length ? [...new Set(values)] : [undefined];

/**
 * Most rooms one subscription (and so one socket: a new `subscribe` replaces
 * the previous filter) may join. Each room costs memory and work per change.
 */
export const MAX_SUBSCRIPTION_ROOMS = 100;

/**
 * How many rooms a filter joins: the product of its lists' distinct values,
 * an empty or absent list counting 1. Computed without building them.
 */
export function roomCount(filter: SubscribeFilter): number {
  return orAny(filter.repos).length * orAny(filter.sources).length * orAny(filter.labels).length;
}

/**
 * The rooms a client with this filter joins (one per combination of the listed
 * values; {@link MAX_SUBSCRIPTION_ROOMS} bounds how many a socket may join).
 */
export function roomsForFilter(filter: SubscribeFilter): string[] {
  if (!filter.repos?.length && !filter.sources?.length && !filter.labels?.length) return [ALL_ROOM];
  const rooms: string[] = [];
  for (const repo of orAny(filter.repos))
    for (const source of orAny(filter.sources))
      for (const label of orAny(filter.labels)) rooms.push(roomName({ repo, source, label }));
  return rooms;
}

/** What decides who sees an update: its repo (null for runners), source and runner labels. */
export interface UpdateScope {
  repo: string | null;
  source: string;
  labels: readonly string[];
}

/** Every room an update must go to: the all-room plus each filter shape it satisfies. */
export function roomsFor(scope: UpdateScope): string[] {
  const labels = [...new Set(scope.labels)];
  const repos = scope.repo === null ? [undefined] : [scope.repo, undefined];
  const rooms = [ALL_ROOM];
  for (const repo of repos)
    for (const source of [scope.source, undefined])
      for (const label of [...labels, undefined]) {
        if (repo === undefined && source === undefined && label === undefined) continue;
        rooms.push(roomName({ repo, source, label }));
      }
  return rooms;
}

/** Every room a job's update must go to. */
export function roomsForJob(job: Pick<Job, "repo" | "source" | "runner">): string[] {
  return roomsFor({ repo: job.repo, source: job.source, labels: job.runner.labels });
}
