/** The run reads slice: pages of runs, and one run with its jobs. */
import type { Kysely } from "kysely";
import type { RunQuery } from "../../lib/api";
import type { RunDetail, RunListResponse } from "../../lib/run";
import type { TeamScope } from "../../lib/teams";
import { selectRunDetail, selectRuns } from "./run-queries";
import type { Database } from "./schema";

/** Run reads. */
export interface RunReads {
  /** A page of runs, newest first, each with a count of its jobs by status. @throws QueryError */
  listRuns(query: RunQuery, scope?: TeamScope): Promise<RunListResponse>;
  /** One run with all its jobs, or null; a scoped caller (see `selectRunDetail`) gets only its jobs. */
  getRun(id: string, scope?: TeamScope): Promise<RunDetail | null>;
}

/** The run reads slice over a Kysely database. */
export function createRunReads(db: Kysely<Database>): RunReads {
  return {
    listRuns: (query, scope) => selectRuns(db, query, scope),
    getRun: (id, scope) => selectRunDetail(db, id, scope),
  };
}
