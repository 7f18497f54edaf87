/**
 * The normalised job: the one shape every CI source is reduced to.
 * Shared by the server (ingest, store, API) and the browser (dashboard).
 * Contract: `docs/api.md`, "The normalised job". Fields may be added, never renamed.
 */
import { z } from "zod";

/** Every status a job can have, in every source. */
export const JOB_STATUSES = [
  "queued",
  "waiting",
  "running",
  "success",
  "failure",
  "cancelled",
  "skipped",
  "timed_out",
  /**
   * Finished without a verdict on the code (GitHub's `neutral` and
   * `action_required` conclusions): neither a success nor a failure.
   */
  "neutral",
] as const;

/** A job's lifecycle state, normalised across vendors. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses of a job that has not finished yet. */
export const ACTIVE_STATUSES = ["queued", "waiting", "running"] as const satisfies readonly JobStatus[];

/** Statuses of a job that has finished; a finished job never goes back to an active one. */
export const TERMINAL_STATUSES = [
  "success",
  "failure",
  "cancelled",
  "skipped",
  "timed_out",
  "neutral",
] as const satisfies readonly JobStatus[];

/**
 * Finished and decided: the outcomes a success rate counts (successes of
 * decided jobs). Cancelled, skipped and neutral jobs are finished but decided
 * nothing about the code, so no rate counts them.
 */
export const DECIDED_STATUSES = ["success", "failure", "timed_out"] as const satisfies readonly JobStatus[];

/** The CI systems Runwatch ingests from. */
export const JOB_SOURCES = ["github", "gitlab", "buildkite", "jenkins", "generic"] as const;

/** Which CI system a job came from. */
export type JobSource = (typeof JOB_SOURCES)[number];

/** Zod schema for a job status, for query strings and inputs. */
export const jobStatusSchema = z.enum(JOB_STATUSES);

/** Zod schema for a source name. */
export const jobSourceSchema = z.enum(JOB_SOURCES);

/**
 * An ISO 8601 date-time as the server writes it (`Date#toISOString`, always in
 * UTC); an offset is accepted too, so a reader is not stricter than the format.
 */
export const isoTimestampSchema = z.iso.datetime({ offset: true });

/** A query bound: an ISO 8601 date-time (with `Z` or an offset) or a plain date (`2026-01-31`). */
export const isoDateOrTimeSchema = isoTimestampSchema.or(z.iso.date());

const time = isoTimestampSchema.nullable();

/** One step (GitHub step, GitLab/Buildkite stage) of a job. */
export const jobStepSchema = z.object({
  name: z.string(),
  status: jobStatusSchema,
  startedAt: time,
  finishedAt: time,
});
/** One step of a job. */
export type JobStep = z.infer<typeof jobStepSchema>;

/** The machine a job ran (or will run) on. */
export const jobRunnerSchema = z.object({
  /** The vendor's runner / agent id, when it gives one (GitLab runner id, Buildkite agent id). */
  id: z.string().nullable().optional(),
  name: z.string().nullable(),
  group: z.string().nullable(),
  labels: z.array(z.string()),
});
/** The machine a job ran (or will run) on. */
export type JobRunner = z.infer<typeof jobRunnerSchema>;

/** Why a job did not succeed, classified (see `server/domain/failure.ts`). */
export const jobFailureSchema = z.object({
  cause: z.string(),
  step: z.string().nullable(),
  /** The vendor's own reason, verbatim (GitLab `build_failure_reason`, Buildkite `signal_reason`…). */
  reason: z.string().nullable().optional(),
  /**
   * What the job's log lines say (`lib/job-log.ts`): `infrastructure` or `code`;
   * null or absent when no log was fetched (no read token) or the lines did not tell.
   */
  category: z.enum(["infrastructure", "code"]).nullable().optional(),
});
/** Why a job did not succeed. */
export type JobFailure = z.infer<typeof jobFailureSchema>;

/**
 * A queued job's predicted start (`server/domain/eta.ts`): ISO 8601 times, the
 * best guess and a likely range, and how it was reached ("position 3 of 5, 2 runners").
 */
export const jobEtaSchema = z.object({
  startAt: isoTimestampSchema,
  low: isoTimestampSchema,
  high: isoTimestampSchema,
  basis: z.string(),
});
/** A queued job's predicted start. */
export type JobEta = z.infer<typeof jobEtaSchema>;

/**
 * A CI job, normalised. Timestamps are ISO 8601 strings in UTC. Unknown keys
 * are dropped when parsing, so a reader keeps working when fields are added.
 */
export const jobSchema = z.object({
  /** `"<source>:<vendor job id>"`, stable across every event of the job. */
  id: z.string(),
  source: jobSourceSchema,
  /** `"owner/name"` or a GitLab project path. */
  repo: z.string(),
  /** Workflow / pipeline name; empty when the vendor did not say. */
  workflow: z.string(),
  name: z.string(),
  runId: z.string(),
  attempt: z.number().int(),
  branch: z.string().nullable(),
  sha: z.string().nullable(),
  status: jobStatusSchema,
  queuedAt: time,
  startedAt: time,
  finishedAt: time,
  /** startedAt − queuedAt, when both are known. */
  queueMs: z.number().nullable(),
  /** finishedAt − startedAt, when both are known. */
  durationMs: z.number().nullable(),
  runner: jobRunnerSchema,
  /** Link to the job in the vendor's UI. */
  url: z.string().nullable(),
  failure: jobFailureSchema.nullable(),
  steps: z.array(jobStepSchema),
  /**
   * Who triggered the job, as the vendor names them (GitHub `sender.login`,
   * GitLab `user.username`, Buildkite `build.creator`, generic `job.author`);
   * null or absent when the vendor does not say (Jenkins).
   */
  author: z.string().nullable().optional(),
  /**
   * True while the job is queued or running but no event has arrived for
   * longer than the lost-job limit (a delivery was probably lost). Cleared by
   * the next event.
   */
  lost: z.boolean().optional(),
  /**
   * ISO 8601: when an admin marked the job lost (`POST /api/v1/jobs/{id}/lost`);
   * it then leaves the queue figures. Cleared by the next vendor event that moves it on.
   */
  lostMarkedAt: isoTimestampSchema.optional(),
  /**
   * True on a cancelled job a newer run superseded: a newer run of the same
   * repo, workflow and branch was queued before it was cancelled, or within a
   * minute after (inferred by the store, `server/store/superseded.ts`).
   * Absent otherwise.
   */
  superseded: z.boolean().optional(),
  /**
   * On a queued or waiting job as the API and `jobs:updated` give it: its
   * predicted start, or null when its pool has too little history ("not
   * enough data"). Absent on other jobs, and never stored.
   */
  eta: jobEtaSchema.nullable().optional(),
});
/** A CI job, normalised (see {@link jobSchema}). */
export type Job = z.infer<typeof jobSchema>;

/** True when the status is final (the job finished one way or another). */
export function isTerminal(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);
}

/** The first and last ms a Date prints with a 4-digit year (0000-01-01, 9999-12-31): stored times stay ISO 8601. */
export const MIN_TIME_MS = -62_167_219_200_000;
/** See {@link MIN_TIME_MS}. */
export const MAX_TIME_MS = 253_402_300_799_999;
