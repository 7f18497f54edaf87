/**
 * The real-time contract between the server and every dashboard, over Socket.IO.
 * Event names are `noun:verb`; every payload carries `version` so a client can
 * refuse what it does not understand instead of misreading it.
 */
import type { AlertFiredPayload } from "./alerts";
import type { Job, JobSource } from "./job";
import type { PipelineRun } from "./run";
import type { Runner } from "./runner";
import type { DeliveryStats } from "./sources";

/** Version of every payload defined here. Bump on an incompatible change. */
export const EVENT_VERSION = 1 as const;

/** Default Socket.IO path (docs/events.md). */
export const SOCKET_PATH = "/socket.io";

/** `job:updated`: a job was created or changed. Carries the whole job as now stored. */
export interface JobUpdatedPayload {
  version: typeof EVENT_VERSION;
  job: Job;
}

/** `run:updated`: a pipeline run was created or changed (its own state, not its job counts). */
export interface RunUpdatedPayload {
  version: typeof EVENT_VERSION;
  run: PipelineRun;
}

/** `runner:updated`: a runner was first seen or changed state. Carries its effective status. */
export interface RunnerUpdatedPayload {
  version: typeof EVENT_VERSION;
  runner: Runner;
}

/** `source:updated`: a source's delivery counts changed. */
export interface SourceUpdatedPayload {
  version: typeof EVENT_VERSION;
  stats: DeliveryStats;
}

/**
 * `metrics:updated`: jobs changed, so metrics may have. Sent at most once a
 * second; carries no figures (they depend on each viewer's filters): a
 * dashboard refetches what it shows.
 */
export interface MetricsUpdatedPayload {
  version: typeof EVENT_VERSION;
  /** When the latest change was stored. */
  at: string;
  /** Sources and repos whose jobs changed since the previous notice. */
  sources: JobSource[];
  repos: string[];
}

/** Narrows which updates a client receives. Each list is "any of"; lists combine with "and". */
export interface SubscribeFilter {
  repos?: string[];
  sources?: JobSource[];
  labels?: string[];
}

/** Answer to `subscribe`. */
export type SubscribeAck = { ok: true } | { ok: false; error: string };

/** Events the server sends. */
export interface ServerToClientEvents {
  "job:updated": (payload: JobUpdatedPayload) => void;
  "run:updated": (payload: RunUpdatedPayload) => void;
  "runner:updated": (payload: RunnerUpdatedPayload) => void;
  "source:updated": (payload: SourceUpdatedPayload) => void;
  "metrics:updated": (payload: MetricsUpdatedPayload) => void;
  /** An alert fired, reminded or resolved; sent to every client, whatever its `subscribe` filter. */
  "alert:fired": (payload: AlertFiredPayload) => void;
}

/** Events a client sends. */
export interface ClientToServerEvents {
  /** Replace the client's filter; an empty filter means "everything". */
  subscribe: (filter: SubscribeFilter, ack?: (result: SubscribeAck) => void) => void;
}
