/** The job reads slice: one job, and pages of the job list. */
import type { Kysely } from "kysely";
import type { JobListResponse, JobQuery } from "../../lib/api";
import type { Job } from "../../lib/job";
import type { JobSuggestQuery } from "../../lib/job-search";
import { selectJobHistory } from "./job-history";
import { selectJob, selectJobs } from "./job-queries";
import { selectJobSuggestions } from "./job-values";
import type { Database } from "./schema";

/** Job reads. */
export interface JobReads {
  /** One job by id, or null. */
  getJob(id: string): Promise<Job | null>;
  /** A page of jobs matching the query, newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery): Promise<JobListResponse>;
  /** Known values of one filter field starting with a prefix (any case), most recently seen first. */
  suggestJobValues(query: JobSuggestQuery): Promise<string[]>;
  /** The job and up to `limit - 1` earlier jobs of its series, newest first; null for an unknown id. */
  jobHistory(id: string, limit: number): Promise<Job[] | null>;
}

/** The job reads slice over a Kysely database. */
export function createJobReads(db: Kysely<Database>): JobReads {
  return {
    getJob: (id) => selectJob(db, id),
    listJobs: (query) => selectJobs(db, query),
    suggestJobValues: (query) => selectJobSuggestions(db, query),
    jobHistory: (id, limit) => selectJobHistory(db, id, limit),
  };
}
