/**
 * The log-tail slice: failed jobs' log excerpts and the durable queue that
 * fetches them. Ingest queues a job in the delivery's transaction
 * (`DeliveryWrites.queueLogFetch`, insert-or-ignore: a job is queued once,
 * ever); the log worker takes due items, then stores the excerpt, schedules a
 * retry, or gives up. A stored excerpt is never replaced.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import type { FailureCategory, JobLog, LogSignal } from "../../lib/job-log";
import type { Database } from "./schema";

/** A queued fetch that is due, with its job as stored now (null when retention removed it). */
export interface DueLogFetch {
  jobId: string;
  /** Attempts made so far. */
  attempts: number;
  job: Job | null;
}

/** What a fetch kept. */
export interface LogTailRecord {
  lines: string[];
  firstErrorLine: number | null;
  category: FailureCategory | null;
  signal: LogSignal | null;
  fetchedAt: number;
}

/** The log worker's and the API's access to log tails. */
export interface LogTailStore {
  /** At most `limit` pending fetches due at `now`, oldest due first. */
  dueLogFetches(now: number, limit: number): Promise<DueLogFetch[]>;
  /** Stores the excerpt of a pending fetch (a no-op when it is no longer pending). */
  storeLogTail(jobId: string, tail: LogTailRecord): Promise<void>;
  /** Counts an attempt and schedules the next one at `nextAt`. */
  retryLogFetch(jobId: string, nextAt: number, error: string): Promise<void>;
  /** Counts an attempt and gives up on the fetch for good. */
  giveUpLogFetch(jobId: string, error: string): Promise<void>;
  /** The stored excerpt of a job, or null (none fetched, pending, or given up). */
  getLogTail(jobId: string): Promise<JobLog | null>;
  /** The category the stored excerpt gives each of `jobIds` that has one. */
  logCategories(jobIds: readonly string[]): Promise<Map<string, FailureCategory>>;
}

/** Queues log fetches for `jobIds` (failed jobs whose source has a read token); jobs already queued are left alone. */
export async function insertLogFetches(
  db: Kysely<Database>,
  jobIds: readonly string[],
  at: number,
): Promise<void> {
  if (jobIds.length === 0) return;
  await db
    .insertInto("log_tails")
    .values(jobIds.map((job_id) => ({ job_id, state: "pending", next_attempt_at: at, queued_at: at })))
    .onConflict((oc) => oc.column("job_id").doNothing())
    .execute();
}

/** The log-tail slice over a Kysely database. */
export function createLogTailStore(db: Kysely<Database>): LogTailStore {
  const pending = (jobId: string) =>
    db.updateTable("log_tails").where("job_id", "=", jobId).where("state", "=", "pending");
  return {
    async dueLogFetches(now, limit) {
      const rows = await db
        .selectFrom("log_tails")
        .leftJoin("jobs", "jobs.id", "log_tails.job_id")
        .select(["log_tails.job_id", "log_tails.attempts", "jobs.data"])
        .where("log_tails.state", "=", "pending")
        .where("log_tails.next_attempt_at", "<=", now)
        .orderBy("log_tails.next_attempt_at")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        jobId: row.job_id,
        attempts: Number(row.attempts),
        job: row.data ? (JSON.parse(row.data) as Job) : null,
      }));
    },
    async storeLogTail(jobId, tail) {
      await pending(jobId)
        .set((eb) => ({
          state: "stored",
          attempts: eb("attempts", "+", 1),
          next_attempt_at: null,
          last_error: null,
          lines: JSON.stringify(tail.lines),
          first_error_line: tail.firstErrorLine,
          category: tail.category,
          signal: tail.signal,
          fetched_at: tail.fetchedAt,
        }))
        .execute();
    },
    async retryLogFetch(jobId, nextAt, error) {
      await pending(jobId)
        .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: nextAt, last_error: error }))
        .execute();
    },
    async giveUpLogFetch(jobId, error) {
      await pending(jobId)
        .set((eb) => ({
          state: "failed",
          attempts: eb("attempts", "+", 1),
          next_attempt_at: null,
          last_error: error,
        }))
        .execute();
    },
    async getLogTail(jobId) {
      const row = await db
        .selectFrom("log_tails")
        .selectAll()
        .where("job_id", "=", jobId)
        .where("state", "=", "stored")
        .executeTakeFirst();
      if (!row || row.lines === null || row.fetched_at === null) return null;
      return {
        jobId,
        lines: JSON.parse(row.lines) as string[],
        firstErrorLine: row.first_error_line,
        category: row.category as FailureCategory | null,
        signal: row.signal as LogSignal | null,
        fetchedAt: new Date(Number(row.fetched_at)).toISOString(),
      };
    },
    async logCategories(jobIds) {
      const categories = new Map<string, FailureCategory>();
      if (jobIds.length === 0) return categories;
      const rows = await db
        .selectFrom("log_tails")
        .select(["job_id", "category"])
        .where("job_id", "in", jobIds)
        .where("category", "is not", null)
        .execute();
      for (const row of rows) categories.set(row.job_id, row.category as FailureCategory);
      return categories;
    },
  };
}
