/** The job reads slice: one job, and pages of the job list. */
import type { Kysely } from "kysely";
import type { JobListResponse, JobQuery } from "../../lib/api";
import type { Job } from "../../lib/job";
import { selectJob, selectJobs } from "./job-queries";
import type { Database } from "./schema";

/** Job reads. */
export interface JobReads {
  /** One job by id, or null. */
  getJob(id: string): Promise<Job | null>;
  /** A page of jobs matching the query, newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery): Promise<JobListResponse>;
}

/** The job reads slice over a Kysely database. */
export function createJobReads(db: Kysely<Database>): JobReads {
  return {
    getJob: (id) => selectJob(db, id),
    listJobs: (query) => selectJobs(db, query),
  };
}
