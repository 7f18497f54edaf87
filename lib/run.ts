/**
 * Pipeline runs: a GitHub workflow run, a GitLab pipeline, a Buildkite build,
 * a Jenkins build. Jobs link to their run through `Job.runId`: the run's id is
 * `"<source>:<runId>"`. Fields may be added, never renamed.
 */
import { z } from "zod";
import { isoTimestampSchema, jobSourceSchema, jobStatusSchema, type Job, type JobStatus } from "./job";

const time = isoTimestampSchema.nullable();

/** A pipeline run, normalised across vendors. Timestamps are ISO 8601 in UTC. */
export const pipelineRunSchema = z.object({
  /** `"<source>:<vendor run id>"`. */
  id: z.string(),
  source: jobSourceSchema,
  repo: z.string(),
  /** Workflow / pipeline name. */
  workflow: z.string(),
  /** The vendor's run id: equal to `Job.runId` of every job of the run. */
  runId: z.string(),
  /** The number people see (GitHub run number, GitLab pipeline iid, Buildkite build number), when known. */
  number: z.number().int().nullable(),
  attempt: z.number().int(),
  /** What triggered the run (`push`, `pull_request`, `schedule`, `api`, …), when known. */
  trigger: z.string().nullable(),
  branch: z.string().nullable(),
  sha: z.string().nullable(),
  status: jobStatusSchema,
  queuedAt: time,
  startedAt: time,
  finishedAt: time,
  /** finishedAt − startedAt, once finished. */
  durationMs: z.number().nullable(),
  /** Link to the run in the vendor's UI. */
  url: z.string().nullable(),
  /**
   * True once the vendor reported the run itself (workflow_run, Pipeline Hook,
   * build.*). False for a run known only through its jobs: its status is then
   * derived from them.
   */
  reported: z.boolean(),
  /**
   * True on a cancelled run a newer run of the same repo, workflow and branch
   * superseded (see `Job.superseded`). Absent otherwise.
   */
  superseded: z.boolean().optional(),
});
/** A pipeline run (see {@link pipelineRunSchema}). */
export type PipelineRun = z.infer<typeof pipelineRunSchema>;

/** How many jobs of a run are in each status. */
export type RunJobCounts = Partial<Record<JobStatus, number>> & { total: number };

/** A run in the list, with a count of its jobs. */
export interface RunListItem extends PipelineRun {
  jobs: RunJobCounts;
}

/** `GET /api/v1/runs`. */
export interface RunListResponse {
  items: RunListItem[];
  nextCursor: string | null;
}

/** `GET /api/v1/runs/:id`: the run and all its jobs. */
export interface RunDetail {
  run: PipelineRun;
  jobs: Job[];
}

/** The id of the run a job belongs to. */
export const runIdOf = (job: Pick<Job, "source" | "runId">): string => `${job.source}:${job.runId}`;
