/**
 * PostgreSQL: the reads a group-commit batch's items would each make — the
 * stored job, its observation log, its run — made for the whole batch at once,
 * one statement per table, right after the batch took its record locks. On
 * PostgreSQL every statement is a round trip; these were three per delivery.
 *
 * Each prefetched entry answers ONE read, then is gone: the first item of a
 * record reads it from here, any later item of the same record in the batch
 * reads the database (and so sees what the earlier item wrote). Every write
 * of a record in `applyObservations` follows a read of it, except the
 * `superseded` marks, which call `forgetPrefetched`. A batch run again (with
 * savepoints) runs in a new transaction, so it never sees an old entry.
 *
 * SQLite reads in-process, so nothing is prefetched there.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { runIdOf, type PipelineRun } from "../../lib/run";
import type { Observations } from "../domain/observations";
import { isPostgres } from "./dialect";
import type { Database } from "./schema";

/** A stored record and the replay that last rebuilt it, as `selectJobWithGeneration` answers. */
export interface Stored<T> {
  record: T;
  generation: string | null;
}

/** What one batch transaction read up front; each map holds an id until its one read. */
interface Prefetched {
  jobs: Map<string, Stored<Job> | null>;
  /** Each job's logged observations, as JSON, oldest first. */
  jobLogs: Map<string, string[]>;
  runs: Map<string, Stored<PipelineRun> | null>;
}

const prefetched = new WeakMap<Kysely<Database>, Prefetched>();

/**
 * Reads, in three statements, the jobs `batch` observes, their observation
 * logs and their runs (PostgreSQL; a no-op on SQLite). Call after the batch's
 * record locks are held, so no other node changes them until the commit.
 */
export async function prefetchRecords(trx: Kysely<Database>, batch: readonly Observations[]): Promise<void> {
  if (!isPostgres(trx)) return;
  const jobIds = [...new Set(batch.flatMap((o) => o.jobs.map((job) => job.id)))];
  const runIds = [
    ...new Set(batch.flatMap((o) => [...o.jobs.map((job) => runIdOf(job)), ...o.runs.map((run) => run.id)])),
  ];
  const entry: Prefetched = { jobs: new Map(), jobLogs: new Map(), runs: new Map() };
  if (jobIds.length > 0) {
    for (const id of jobIds) {
      entry.jobs.set(id, null);
      entry.jobLogs.set(id, []);
    }
    const jobs = await trx
      .selectFrom("jobs")
      .select(["id", "data", "replay_gen"])
      .where("id", "in", jobIds)
      .execute();
    for (const row of jobs)
      entry.jobs.set(row.id, { record: JSON.parse(row.data) as Job, generation: row.replay_gen });
    const logs = await trx
      .selectFrom("job_observations")
      .select(["job_id", "data"])
      .where("job_id", "in", jobIds)
      .orderBy("id")
      .execute();
    for (const row of logs) entry.jobLogs.get(row.job_id)?.push(row.data);
  }
  if (runIds.length > 0) {
    for (const id of runIds) entry.runs.set(id, null);
    const runs = await trx
      .selectFrom("runs")
      .select(["id", "data", "replay_gen"])
      .where("id", "in", runIds)
      .execute();
    for (const row of runs)
      entry.runs.set(row.id, { record: JSON.parse(row.data) as PipelineRun, generation: row.replay_gen });
  }
  prefetched.set(trx, entry);
}

/**
 * The prefetched answer for one read of record `id` in `trx`, consumed by this call: `{ found }`
 * (null when the record does not exist), or undefined when the database must be read.
 */
export function takePrefetched<K extends keyof Prefetched>(
  trx: Kysely<Database>,
  kind: K,
  id: string,
): { found: Prefetched[K] extends Map<string, infer V> ? V : never } | undefined {
  const map = prefetched.get(trx)?.[kind] as Map<string, unknown> | undefined;
  if (!map?.has(id)) return undefined;
  const found = map.get(id);
  map.delete(id);
  return { found: found as Prefetched[K] extends Map<string, infer V> ? V : never };
}

/** Drops everything prefetched for `trx`: a write is about to change records without reading them first. */
export function forgetPrefetched(trx: Kysely<Database>): void {
  prefetched.delete(trx);
}
