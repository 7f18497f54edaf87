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
] as const satisfies readonly JobStatus[];

/** The CI systems Runwatch ingests from. */
export const JOB_SOURCES = ["github", "gitlab", "buildkite", "jenkins", "generic"] as const;

/** Which CI system a job came from. */
export type JobSource = (typeof JOB_SOURCES)[number];

/** One step (GitHub step, GitLab/Buildkite stage) of a job. */
export interface JobStep {
  name: string;
  status: JobStatus;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The machine a job ran (or will run) on. */
export interface JobRunner {
  /** The vendor's runner / agent id, when it gives one (GitLab runner id, Buildkite agent id). */
  id?: string | null;
  name: string | null;
  group: string | null;
  labels: string[];
}

/** Why a job did not succeed, classified (see `server/domain/failure.ts`). */
export interface JobFailure {
  cause: string;
  step: string | null;
  /** The vendor's own reason, verbatim (GitLab `build_failure_reason`, Buildkite `signal_reason`…). */
  reason?: string | null;
}

/** A CI job, normalised. Timestamps are ISO 8601 strings in UTC. */
export interface Job {
  /** `"<source>:<vendor job id>"`, stable across every event of the job. */
  id: string;
  source: JobSource;
  /** `"owner/name"` or a GitLab project path. */
  repo: string;
  /** Workflow / pipeline name; empty when the vendor did not say. */
  workflow: string;
  name: string;
  runId: string;
  attempt: number;
  branch: string | null;
  sha: string | null;
  status: JobStatus;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** startedAt − queuedAt, when both are known. */
  queueMs: number | null;
  /** finishedAt − startedAt, when both are known. */
  durationMs: number | null;
  runner: JobRunner;
  /** Link to the job in the vendor's UI. */
  url: string | null;
  failure: JobFailure | null;
  steps: JobStep[];
  /**
   * True while the job is queued or running but no event has arrived for
   * longer than the lost-job limit (a delivery was probably lost). Cleared by
   * the next event.
   */
  lost?: boolean;
}

/** True when the status is final (the job finished one way or another). */
export function isTerminal(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);
}

/** Zod schema for a job status, for query strings and inputs. */
export const jobStatusSchema = z.enum(JOB_STATUSES);

/** Zod schema for a source name. */
export const jobSourceSchema = z.enum(JOB_SOURCES);

/** The first and last ms a Date prints with a 4-digit year (0000-01-01, 9999-12-31): stored times stay ISO 8601. */
export const MIN_TIME_MS = -62_167_219_200_000;
/** See {@link MIN_TIME_MS}. */
export const MAX_TIME_MS = 253_402_300_799_999;
