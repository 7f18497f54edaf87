/**
 * The real-time contract between the server and every dashboard, over Socket.IO,
 * as zod schemas: each payload is defined once, its type derived from its
 * schema, and checked where it arrives (`subscribe` on the server,
 * {@link parseServerEvent} in the browser).
 *
 * Event names are `noun:verb`; every payload carries `version` so a client can
 * refuse what it does not understand instead of misreading it. Fields may be
 * added to a payload (readers drop keys they do not know); anything else is a
 * new version or a new event. Changes travel in lists (`jobs:updated` carries
 * `jobs: Job[]`): under load one message carries every change of a tick, so
 * each dashboard pays one frame per tick rather than one per change.
 */
import { z } from "zod";
import { alertFiredPayloadSchema, type AlertFiredPayload } from "./alerts";
import { isoTimestampSchema, jobSchema, jobSourceSchema } from "./job";
import { pipelineRunSchema } from "./run";
import { runnerSchema } from "./runner";
import { deliveryStatsSchema } from "./sources";
import { diagnosisSchema } from "./stall";

/** Version of every payload defined here. Bump on an incompatible change. */
export const EVENT_VERSION = 1 as const;

/** Default Socket.IO path (docs/events.md). */
export const SOCKET_PATH = "/socket.io";

const version = z.literal(EVENT_VERSION);

/**
 * `jobs:updated`: jobs were created or changed. Carries each whole job as now
 * stored, at most once per job, in the order they changed; never empty.
 */
export const jobsUpdatedPayloadSchema = z.object({ version, jobs: z.array(jobSchema).min(1) });
/** `jobs:updated` payload. */
export type JobsUpdatedPayload = z.infer<typeof jobsUpdatedPayloadSchema>;

/** `runs:updated`: pipeline runs were created or changed (their own state, not their job counts). */
export const runsUpdatedPayloadSchema = z.object({ version, runs: z.array(pipelineRunSchema).min(1) });
/** `runs:updated` payload. */
export type RunsUpdatedPayload = z.infer<typeof runsUpdatedPayloadSchema>;

/** `runners:updated`: runners were first seen or changed state. Carries each one's effective status. */
export const runnersUpdatedPayloadSchema = z.object({ version, runners: z.array(runnerSchema).min(1) });
/** `runners:updated` payload. */
export type RunnersUpdatedPayload = z.infer<typeof runnersUpdatedPayloadSchema>;

/** `sources:updated`: sources' delivery counts changed. */
export const sourcesUpdatedPayloadSchema = z.object({
  version,
  sources: z.array(deliveryStatsSchema).min(1),
});
/** `sources:updated` payload. */
export type SourcesUpdatedPayload = z.infer<typeof sourcesUpdatedPayloadSchema>;

/**
 * `metrics:updated`: jobs changed, so metrics may have. Sent at most once a
 * second; carries no figures (they depend on each viewer's filters): a
 * dashboard refetches what it shows.
 */
export const metricsUpdatedPayloadSchema = z.object({
  version,
  /** When the latest change was stored. */
  at: isoTimestampSchema,
  /** Sources and repos whose jobs changed since the previous notice. */
  sources: z.array(jobSourceSchema),
  repos: z.array(z.string()),
});
/** `metrics:updated` payload. */
export type MetricsUpdatedPayload = z.infer<typeof metricsUpdatedPayloadSchema>;

/**
 * `diagnoses:updated`: the stall radar's diagnoses changed (one began, ended,
 * or moved on); carries every diagnosis now (an empty list: all clear). Sent
 * to every client, from the node holding the watchdog lease, checked every
 * 10 s and soon after jobs change.
 */
export const diagnosesUpdatedPayloadSchema = z.object({
  version,
  at: isoTimestampSchema,
  diagnoses: z.array(diagnosisSchema),
});
/** `diagnoses:updated` payload. */
export type DiagnosesUpdatedPayload = z.infer<typeof diagnosesUpdatedPayloadSchema>;

/**
 * `server:draining`: this node is shutting down. What it still owes the
 * client follows, then the connection closes (reason `transport close`) and
 * Socket.IO reconnects with its usual backoff — to another node behind a load
 * balancer, or to this one once restarted.
 */
export const serverDrainingPayloadSchema = z.object({
  version,
  /** When draining began. */
  at: isoTimestampSchema,
});
/** `server:draining` payload. */
export type ServerDrainingPayload = z.infer<typeof serverDrainingPayloadSchema>;

export { alertFiredPayloadSchema, type AlertFiredPayload };

/** Every event the server sends, by name, with the schema of its payload. */
export const serverEventSchemas = {
  "jobs:updated": jobsUpdatedPayloadSchema,
  "runs:updated": runsUpdatedPayloadSchema,
  "runners:updated": runnersUpdatedPayloadSchema,
  "sources:updated": sourcesUpdatedPayloadSchema,
  "metrics:updated": metricsUpdatedPayloadSchema,
  "diagnoses:updated": diagnosesUpdatedPayloadSchema,
  /** An alert fired, reminded or resolved; sent to every client, whatever its `subscribe` filter. */
  "alert:fired": alertFiredPayloadSchema,
  "server:draining": serverDrainingPayloadSchema,
  // Every payload carries this version (`lib/alerts.ts`, which this file imports, spells it out: this checks it).
} as const satisfies Record<string, { shape: { version: z.ZodLiteral<typeof EVENT_VERSION> } }>;

/** The name of an event the server sends. */
export type ServerEventName = keyof typeof serverEventSchemas;

/** The payload of a server event. */
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

/**
 * Checks a payload received for `event`: the payload, typed (unknown keys
 * dropped), or null when it is malformed or of a version this build does not
 * know; a hook then ignores it. One call per listener:
 * `const payload = parseServerEvent("jobs:updated", raw); if (!payload) return;`
 */
export function parseServerEvent<E extends ServerEventName>(
  event: E,
  payload: unknown,
): ServerEventPayload<E> | null {
  const result = serverEventSchemas[event].safeParse(payload);
  // TS cannot tie the schema looked up by `E` to `ServerEventPayload<E>`; the map's entry is that schema.
  return result.success ? (result.data as ServerEventPayload<E>) : null;
}

/** Most values one subscription may list across all its dimensions (bounds the rooms a client joins). */
export const MAX_FILTER_VALUES = 50;

/** Longest repo or label a subscription may name. */
export const MAX_FILTER_VALUE_LENGTH = 300;

const filterValue = z.string().min(1).max(MAX_FILTER_VALUE_LENGTH);

/** Narrows which updates a client receives. Each list is "any of"; lists combine with "and". */
export const subscribeFilterSchema = z
  .object({
    repos: z.array(filterValue).optional(),
    sources: z.array(jobSourceSchema).optional(),
    labels: z.array(filterValue).optional(),
  })
  .refine(
    (f) => (f.repos?.length ?? 0) + (f.sources?.length ?? 0) + (f.labels?.length ?? 0) <= MAX_FILTER_VALUES,
    `a subscription may list at most ${MAX_FILTER_VALUES} values`,
  );
/** A `subscribe` filter; an empty one means "everything". */
export type SubscribeFilter = z.infer<typeof subscribeFilterSchema>;

/** Answer to `subscribe`: `error` says what was wrong, naming the field when one is at fault. */
export const subscribeAckSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
/** Answer to `subscribe`. */
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

/**
 * Checks what a client sent with `subscribe`: the filter, or the answer to
 * refuse it with, e.g. `sources.0: Invalid option: …` or
 * `a subscription may list at most 50 values`.
 */
export function parseSubscribeFilter(
  input: unknown,
): { ok: true; filter: SubscribeFilter } | Extract<SubscribeAck, { ok: false }> {
  const result = subscribeFilterSchema.safeParse(input);
  if (result.success) return { ok: true, filter: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, error: "invalid filter" };
  const field = issue.path.map(String).join(".");
  return { ok: false, error: field ? `${field}: ${issue.message}` : issue.message };
}

/** Events the server sends, typed from {@link serverEventSchemas}. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

/** Events a client sends. */
export interface ClientToServerEvents {
  /** Replace the client's filter; an empty filter means "everything". */
  subscribe: (filter: SubscribeFilter, ack?: (result: SubscribeAck) => void) => void;
}
