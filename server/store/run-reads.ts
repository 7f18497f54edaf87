/** The run reads slice: pages of runs, and one run with its jobs. */
import type { Kysely } from "kysely";
import type { RunQuery } from "../../lib/api";
import type { RunDetail, RunListResponse } from "../../lib/run";
import { selectRunDetail, selectRuns } from "./run-queries";
import type { Database } from "./schema";

/** Run reads. */
export interface RunReads {
  /** A page of runs, newest first, each with a count of its jobs by status. @throws QueryError */
  listRuns(query: RunQuery): Promise<RunListResponse>;
  /** One run with all its jobs, or null. */
  getRun(id: string): Promise<RunDetail | null>;
}

/** The run reads slice over a Kysely database. */
export function createRunReads(db: Kysely<Database>): RunReads {
  return {
    listRuns: (query) => selectRuns(db, query),
    getRun: (id) => selectRunDetail(db, id),
  };
}
