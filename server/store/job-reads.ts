/** The job reads slice: one job, and pages of the job list. */
import type { Kysely } from "kysely";
import type { JobListResponse, JobQuery } from "../../lib/api";
import type { Job } from "../../lib/job";
import type { JobSuggestQuery } from "../../lib/job-search";
import type { TeamScope } from "../../lib/teams";
import { selectJobHistory } from "./job-history";
import { selectJob, selectJobs } from "./job-queries";
import { selectJobSuggestions } from "./job-values";
import type { Database } from "./schema";

/** Job reads. */
export interface JobReads {
  /** One job by id, or null (also when it lies outside `scope`; omitted: unscoped). */
  getJob(id: string, scope?: TeamScope): Promise<Job | null>;
  /** A page of jobs matching the query and `scope` (omitted: unscoped), newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery, scope?: TeamScope): Promise<JobListResponse>;
  /** Known values of one filter field starting with a prefix (any case), most recently seen first. */
  suggestJobValues(query: JobSuggestQuery, scope?: TeamScope): Promise<string[]>;
  /** The job and up to `limit - 1` earlier jobs of its series, newest first; null for an unknown id. */
  jobHistory(id: string, limit: number): Promise<Job[] | null>;
}

/** The job reads slice over a Kysely database. */
export function createJobReads(db: Kysely<Database>): JobReads {
  return {
    getJob: (id, scope) => selectJob(db, id, scope),
    listJobs: (query, scope) => selectJobs(db, query, scope),
    suggestJobValues: (query, scope) => selectJobSuggestions(db, query, scope),
    jobHistory: (id, limit) => selectJobHistory(db, id, limit),
  };
}
