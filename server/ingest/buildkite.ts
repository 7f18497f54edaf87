/**
 * Buildkite: pipeline webhooks (`job.*`, `build.*`, `agent.*`, `ping`) into
 * jobs, runs and runner observations. Contract: docs/webhooks.md
 * and fixtures/README.md §3. Jobs: buildkite-job.ts; builds: buildkite-build.ts;
 * authenticity: verify/timestamped-hmac.ts or verify/shared-token.ts.
 */
import { z } from "zod";
import { normaliseBuild, nullableString, timestamp } from "./buildkite-build";
import { isCommandJob, normaliseJob, queueOf } from "./buildkite-job";
import {
  PayloadError,
  noObservations,
  type AgentObservation,
  type Normalised,
  type Observations,
  type SourceAdapter,
} from "./source";
import { sharedToken } from "./verify/shared-token";
import { timestampedHmac } from "./verify/timestamped-hmac";
import { parsePayload, vendorKey } from "./zod-field";

const TOKEN = "RUNWATCH_BUILDKITE_TOKEN";

const JOB_EVENTS = new Set([
  "job.scheduled",
  "job.started",
  "job.finished",
  "job.activated",
  "job.promised_exit_status",
]);
const BUILD_EVENTS = new Set([
  "build.scheduled",
  "build.running",
  "build.failing",
  "build.finished",
  "build.skipped",
]);

type AgentTime = "connected_at" | "disconnected_at" | "lost_at" | "last_job_finished_at" | "created_at";

/**
 * What each agent event says, and which of the agent's times dates it.
 * `stopping`: the agent finishes its current job first, so it is still
 * connected. `agent.blocked` is absent on purpose: it reports an agent refused
 * at registration (blocked IP), which never joined the fleet, so it is ignored.
 */
const AGENT_EVENTS: Record<string, { state: AgentObservation["state"]; times: readonly AgentTime[] }> = {
  "agent.connected": { state: "connected", times: ["connected_at"] },
  "agent.stopping": { state: "connected", times: [] },
  "agent.disconnected": { state: "disconnected", times: ["disconnected_at"] },
  "agent.stopped": { state: "disconnected", times: ["disconnected_at"] },
  "agent.lost": { state: "disconnected", times: ["lost_at", "disconnected_at"] },
};

const ALL_AGENT_TIMES: readonly AgentTime[] = [
  "connected_at",
  "disconnected_at",
  "lost_at",
  "last_job_finished_at",
  "created_at",
];

const agentEventSchema = z.object({
  agent: z.object({
    id: nullableString,
    name: vendorKey,
    meta_data: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
    connected_at: timestamp,
    disconnected_at: timestamp,
    lost_at: timestamp,
    last_job_finished_at: timestamp,
    created_at: timestamp,
  }),
});

/**
 * Normalises an `agent.*` body. `at` comes from the body only (never the
 * clock), so replays give the same result: the event's own time when the
 * agent carries it, else the latest time the agent object holds.
 */
export function normaliseAgent(event: string, body: Record<string, unknown>): AgentObservation | null {
  const meaning = Object.hasOwn(AGENT_EVENTS, event) ? AGENT_EVENTS[event] : undefined;
  if (!meaning) return null;
  const { agent } = parsePayload(agentEventSchema, body);
  const own = meaning.times.map((field) => agent[field]).find((t) => t !== null);
  const latest = ALL_AGENT_TIMES.map((field) => agent[field])
    .filter((t): t is string => t !== null)
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  const at = own ?? latest;
  if (!at) throw new PayloadError("agent.created_at (or another agent time) is required", "agent.created_at");
  return {
    source: "buildkite",
    name: agent.name,
    id: agent.id,
    group: queueOf(agent.meta_data),
    labels: agent.meta_data,
    state: meaning.state,
    at,
  };
}

const own = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
const text = (value: unknown): string | null =>
  typeof value === "string" && value.length > 0 ? value : null;

// Which time of the event's object dates each event (first one present wins).
const KEY_TIMES: Record<string, readonly string[]> = {
  "job.scheduled": ["scheduled_at", "runnable_at", "created_at"],
  "job.started": ["started_at"],
  "job.finished": ["finished_at"],
  "job.activated": ["unblocked_at", "runnable_at"],
  "job.promised_exit_status": ["promised_exit_status_at"],
  "build.scheduled": ["scheduled_at", "created_at"],
  "build.running": ["started_at"],
  "build.failing": ["failing_at"],
  "build.finished": ["finished_at"],
  "build.skipped": ["finished_at"],
  "agent.connected": ["connected_at"],
  "agent.disconnected": ["disconnected_at"],
  "agent.stopped": ["disconnected_at"],
  "agent.lost": ["lost_at"],
};

/**
 * The idempotency key of a delivery. Buildkite sends no delivery id, so the
 * key is derived from the event: `<event>:<id>:<state>:<time>`, where the
 * object is `job`, `build` or `agent` (by the event's prefix), the state is
 * its `state` (builds: `+blocked` when blocked; agents: `connection_state`)
 * and the time is the one that dates this event (`job.finished` →
 * `job.finished_at`, `build.running` → `build.started_at`, `agent.lost` →
 * `agent.lost_at`; see KEY_TIMES). A redelivery carries the same four and
 * collides; two different events differ in the event name, the object or
 * its time. Each happens once per object: retries and rebuilds get new ids.
 * Null (the store then dedupes on the body's hash) when any part is missing,
 * and for events no time dates (`agent.stopping`, `build.failing` without
 * `failing_at`), where a guess could merge two real events.
 */
export function deliveryKey(event: string, body: Record<string, unknown>): string | null {
  const times = Object.hasOwn(KEY_TIMES, event) ? KEY_TIMES[event] : undefined;
  if (!times) return null;
  const kind = event.slice(0, event.indexOf("."));
  const object = own(body, kind);
  const id = text(own(object, "id"));
  let state = text(own(object, kind === "agent" ? "connection_state" : "state"));
  if (state !== null && kind === "build" && own(object, "blocked") === true) state += "+blocked";
  const time = times.map((field) => text(own(object, field))).find((t) => t !== null) ?? null;
  return id && state && time ? `${event}:${id}:${state}:${time}` : null;
}

const observed = (part: Partial<Observations>): Normalised => ({
  kind: "data",
  observations: { ...noObservations(), ...part },
});

/**
 * The Buildkite webhook endpoint: signed (`X-Buildkite-Signature`) or plain
 * token (`X-Buildkite-Token`) deliveries; the event from `X-Buildkite-Event`
 * or the body's `event`; dedupe on a key derived from the event (see
 * `deliveryKey`). Command jobs, builds and agent connectivity are read,
 * `ping` answered, every other event stored and ignored.
 */
export const buildkiteSource: SourceAdapter = {
  source: "buildkite",
  secretVariables: [TOKEN],
  // Signed mode or plain mode, both under the webhook token. A signature, when
  // sent, decides alone: a token header beside a bad signature is no fallback.
  verification: {
    accept: "first",
    schemes: [
      { variable: TOKEN, scheme: timestampedHmac("X-Buildkite-Signature") },
      {
        variable: TOKEN,
        scheme: sharedToken({
          header: "X-Buildkite-Token",
          mismatch: "X-Buildkite-Token does not match; check the webhook token",
        }),
      },
    ],
  },
  identify({ headers }, body) {
    const header = headers["x-buildkite-event"] || null;
    const inBody = text(own(body, "event"));
    if (header !== null && inBody !== null && header !== inBody) {
      throw new PayloadError("X-Buildkite-Event does not match the body's event field", "X-Buildkite-Event");
    }
    const event = header ?? inBody;
    if (event === null) {
      throw new PayloadError(
        "the X-Buildkite-Event header (or the body's event field) is required",
        "X-Buildkite-Event",
      );
    }
    return { event, deliveryId: deliveryKey(event, body) };
  },
  normalise(event, body): Normalised {
    if (event === "ping") return { kind: "ping" };
    if (JOB_EVENTS.has(event))
      return isCommandJob(body) ? observed({ jobs: [normaliseJob(body)] }) : { kind: "ignored" };
    if (BUILD_EVENTS.has(event)) return observed({ runs: [normaliseBuild(body)] });
    const agent = normaliseAgent(event, body);
    return agent ? observed({ agents: [agent] }) : { kind: "ignored" };
  },
};
