/**
 * Pipeline runs: a GitHub workflow run, a GitLab pipeline, a Buildkite build,
 * a Jenkins build. Jobs link to their run through `Job.runId`: the run's id is
 * `"<source>:<runId>"`. Fields may be added, never renamed.
 */
import type { Job, JobSource, JobStatus } from "./job";

/** A pipeline run, normalised across vendors. Timestamps are ISO 8601 in UTC. */
export interface PipelineRun {
  /** `"<source>:<vendor run id>"`. */
  id: string;
  source: JobSource;
  repo: string;
  /** Workflow / pipeline name. */
  workflow: string;
  /** The vendor's run id: equal to `Job.runId` of every job of the run. */
  runId: string;
  /** The number people see (GitHub run number, GitLab pipeline iid, Buildkite build number), when known. */
  number: number | null;
  attempt: number;
  /** What triggered the run (`push`, `pull_request`, `schedule`, `api`, …), when known. */
  trigger: string | null;
  branch: string | null;
  sha: string | null;
  status: JobStatus;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** finishedAt − startedAt, once finished. */
  durationMs: number | null;
  /** Link to the run in the vendor's UI. */
  url: string | null;
  /**
   * True once the vendor reported the run itself (workflow_run, Pipeline Hook,
   * build.*). False for a run known only through its jobs: its status is then
   * derived from them.
   */
  reported: boolean;
}

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
