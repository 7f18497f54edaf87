/**
 * The stall radar's contract: what can be wrong with a label pool or a
 * source right now (a diagnosis), and a pool's demand for runners (what an
 * autoscaler reads). Computed by `server/domain/stall-radar.ts`; served in
 * `GET /api/v1/metrics/queue` and `GET /api/v1/pools/{pool}/demand`.
 * Fields may be added, never renamed.
 */
import { z } from "zod";
import { isoTimestampSchema, jobSourceSchema, type JobSource } from "./job";
import type { RunnerStatus } from "./runner";

/**
 * What the radar diagnoses (each also an alert rule kind):
 * - `dispatch_stall`: a job has waited over 60 s while a runner able to take it sat idle;
 * - `orphan_label`: jobs wait for labels no runner seen (online or not) serves;
 * - `pool_exhausted`: every runner able to serve the pool is busy and its queue is growing;
 * - `silent_source`: a source that normally delivers has been quiet for longer than its usual gap;
 * - `stale_job`: a job queued or running far beyond anything its pool has seen.
 */
export const DIAGNOSIS_KINDS = [
  "dispatch_stall",
  "orphan_label",
  "pool_exhausted",
  "silent_source",
  "stale_job",
] as const;

/** One {@link DIAGNOSIS_KINDS} entry. */
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

/** Something wrong now, with when it started and a plain-language detail. */
export interface Diagnosis {
  kind: DiagnosisKind;
  /** The pool (as the Queue metrics name it); null for `silent_source`. */
  pool: string | null;
  source: JobSource;
  /** ISO 8601: when the condition began to hold. */
  since: string;
  /** One sentence a person can act on. */
  detail: string;
  /** The job concerned (`dispatch_stall`: the longest waiting; `stale_job`: the stale one), when one is. */
  jobId: string | null;
  /** `stale_job`: whether the job is still queued or already running. */
  jobStatus?: "queued" | "running";
  /** `stale_job`: what the job is, so a list can name it without fetching it. */
  job?: { repo: string; workflow: string; name: string };
}

/** A {@link Diagnosis} as it travels (the `diagnoses:updated` event checks it). */
export const diagnosisSchema = z.object({
  kind: z.enum(DIAGNOSIS_KINDS),
  pool: z.string().nullable(),
  source: jobSourceSchema,
  since: isoTimestampSchema,
  detail: z.string(),
  jobId: z.string().nullable(),
  jobStatus: z.enum(["queued", "running"]).optional(),
  job: z.object({ repo: z.string(), workflow: z.string(), name: z.string() }).optional(),
}) satisfies z.ZodType<Diagnosis>;

/** A runner able to serve a pool, as the Queue page lists it. */
export interface PoolRunner {
  name: string;
  status: RunnerStatus;
  /** ISO 8601: the last time any event mentioned it. */
  lastSeenAt: string;
}

/**
 * `GET /api/v1/pools/{pool}/demand`: a pool's demand for runners now, in the
 * shape KEDA's `metrics-api` scaler reads (`valueLocation: recommendedRunners`).
 * `recommendedRunners` = min(max(running, busyRunners) + waiting, {@link MAX_RECOMMENDED_RUNNERS}):
 * one runner per job running or waiting, never fewer than the runners busy now.
 */
export interface PoolDemand {
  pool: string;
  waiting: number;
  running: number;
  idleRunners: number;
  busyRunners: number;
  recommendedRunners: number;
}

/** The most runners the demand signal ever recommends (a runaway queue must not ask for a thousand machines). */
export const MAX_RECOMMENDED_RUNNERS = 500;
