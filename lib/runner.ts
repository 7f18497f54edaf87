/**
 * The runner registry: every runner or agent seen, from job events (which
 * runner took a job) and agent events (Buildkite connects/disconnects).
 * Fields may be added, never renamed.
 */
import { z } from "zod";
import { isoTimestampSchema, jobSourceSchema } from "./job";

/** What a runner is doing. */
export const RUNNER_STATUSES = ["idle", "busy", "offline"] as const;

/** A runner's state. */
export type RunnerStatus = (typeof RUNNER_STATUSES)[number];

/**
 * How a runner lives: `hosted` (a vendor's VM, one job then gone), `self-hosted`
 * (a machine you run that takes job after job), `ephemeral` (one you run for
 * one job, as actions-runner-controller does). Hosted and ephemeral runners
 * retire when their job ends (see docs/api.md, "Runner kinds").
 */
export const RUNNER_KINDS = ["hosted", "self-hosted", "ephemeral"] as const;

/** A runner's kind (see {@link RUNNER_KINDS}). */
export type RunnerKind = (typeof RUNNER_KINDS)[number];

/** Where a runner's kind came from: the pool's setting, what the vendor sent, or how the runner behaved. */
export const RUNNER_KIND_SOURCES = ["pool", "vendor", "activity"] as const;

/** A runner or agent. */
export const runnerSchema = z.object({
  /** `"<source>:<runner name>"`. */
  id: z.string(),
  source: jobSourceSchema,
  name: z.string(),
  /** Runner group, pool or queue, when the vendor says. */
  group: z.string().nullable(),
  /** Labels / tags: the pool a job asks for. */
  labels: z.array(z.string()),
  status: z.enum(RUNNER_STATUSES),
  /** The job it is running, while busy. */
  currentJobId: z.string().nullable(),
  /** ISO 8601: the last time any event mentioned this runner. */
  lastSeenAt: isoTimestampSchema,
  /**
   * What agent events said: true after a connect, false after a disconnect or
   * stop; null when the vendor sends no agent events (known only through jobs).
   */
  connected: z.boolean().nullable(),
  /** ISO 8601 of the newest agent event applied (orders connects and disconnects), when any. */
  agentEventAt: isoTimestampSchema.optional(),
  /** What kind of runner it is, now (decided when read; see {@link RUNNER_KINDS}). */
  kind: z.enum(RUNNER_KINDS).default("self-hosted"),
  /** Why it is that kind. */
  kindSource: z.enum(RUNNER_KIND_SOURCES).default("activity"),
  /** True once a hosted or ephemeral runner's job has ended: gone, not idle capacity. */
  retired: z.boolean().default(false),
  /** How many distinct jobs it has taken (absent on runners stored before it was kept). */
  jobs: z.number().int().optional(),
  /** The last job it took, to count distinct jobs. */
  lastJobId: z.string().optional(),
  /** The kind an admin set for its pool when it was last written (see `PUT /api/v1/pools/{pool}/kind`). */
  poolKind: z.enum(RUNNER_KINDS).optional(),
});
/** A runner or agent (see {@link runnerSchema}). */
export type Runner = z.infer<typeof runnerSchema>;

/** `GET /api/v1/runners`. */
export interface RunnerListResponse {
  items: Runner[];
}

/** A Buildkite queue tag (`queue=<name>`): it alone names the pool. */
const QUEUE_TAG = /^queue=/;

/**
 * The pool a runner or job belongs to, for grouping, named the same on the
 * Queue and Runners pages: a `queue=<name>` tag when there is one (a
 * Buildkite job asks for its queue while the agent reports more tags), else
 * the labels, sorted and joined, or the group when there are no labels.
 */
export function poolOf(labels: readonly string[], group: string | null): string {
  const queue = labels.find((label) => QUEUE_TAG.test(label));
  if (queue) return queue;
  if (labels.length > 0) return [...new Set(labels)].sort().join(", ");
  return group ?? "unlabelled";
}
