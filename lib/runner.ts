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
});
/** A runner or agent (see {@link runnerSchema}). */
export type Runner = z.infer<typeof runnerSchema>;

/** `GET /api/v1/runners`. */
export interface RunnerListResponse {
  items: Runner[];
}

/**
 * The pool a runner or job belongs to, for grouping: its labels, sorted and
 * joined, or its group when it has no labels.
 */
export function poolOf(labels: readonly string[], group: string | null): string {
  if (labels.length > 0) return [...new Set(labels)].sort().join(", ");
  return group ?? "unlabelled";
}
