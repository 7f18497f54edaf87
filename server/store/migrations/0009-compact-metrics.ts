/**
 * Migration 0009: roll-up sketches stored compact, and the flaky rule's
 * commit runs kept in their own narrow table.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { decodeSketch, encodeSketch } from "../../domain/sketch";
import { isPostgres } from "../dialect";

/** Rows re-encoded per read. */
const RECODE_BATCH = 2_000;

/** Rewrites every sketch of a roll-up table with `write` (each row read and updated by rowid). */
async function recode(db: Kysely<unknown>, table: string, write: (text: string) => string): Promise<void> {
  for (let last = -1; ;) {
    const { rows } = await sql<{ id: number; duration: string; queue: string }>`
      SELECT rowid AS id, duration, queue FROM ${sql.table(table)}
      WHERE rowid > ${last} ORDER BY rowid LIMIT ${RECODE_BATCH}`.execute(db);
    for (const row of rows)
      await sql`UPDATE ${sql.table(table)} SET duration = ${write(row.duration)}, queue = ${write(row.queue)}
        WHERE rowid = ${row.id}`.execute(db);
    const end = rows.at(-1);
    if (end === undefined) return;
    last = end.id;
  }
}

const ROLLUP_TABLES = ["metric_rollups", "metric_daily"];

export const migration0009: Migration = {
  async up(db: Kysely<unknown>) {
    // A PostgreSQL store starts empty: no sketch to re-encode, no run to copy (and no rowid).
    const backfill = !isPostgres(db);
    // Runs of empty sketch buckets folded into one number (`encodeSketch`): a day of a
    // workflow's few jobs stored hundreds of zeros, which long windows read and parsed.
    if (backfill)
      for (const table of ROLLUP_TABLES) await recode(db, table, (text) => encodeSketch(decodeSketch(text)));

    // The flaky rule's candidates (server/store/metric-flaky.ts): every finished run of a job
    // that both failed and passed on its commit, read by finish time; replaced by commit.
    await db.schema
      .createTable("flaky_runs")
      .addColumn("job_id", "text", (c) => c.primaryKey())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("workflow", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("sha", "text", (c) => c.notNull())
      .addColumn("branch", "text")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("labels", "text")
      .addColumn("attempt", "integer")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("finished_at", "bigint", (c) => c.notNull())
      .addColumn("duration_ms", "bigint")
      .execute();
    await db.schema.createIndex("flaky_runs_finished").on("flaky_runs").column("finished_at").execute();
    await db.schema
      .createIndex("flaky_runs_commit")
      .on("flaky_runs")
      .columns(["sha", "name", "workflow", "repo"])
      .execute();
    // Grouped in the order of the commit index (jobs_commit, 0008), which covers the grouping.
    if (!backfill) return;
    await sql`INSERT INTO flaky_runs (job_id, repo, workflow, name, sha, branch, source, labels, attempt,
        status, finished_at, duration_ms)
      SELECT id, repo, workflow, name, sha, branch, source, labels, attempt, status, finished_at, duration_ms
      FROM jobs
      WHERE (sha, name, workflow, repo) IN (
        SELECT sha, name, workflow, repo FROM jobs WHERE sha IS NOT NULL
        GROUP BY sha, name, workflow, repo
        HAVING max(status = 'success') = 1 AND max(status IN ('failure', 'timed_out')) = 1)
      AND status IN ('success', 'failure', 'timed_out') AND finished_at IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS flaky_runs`.execute(db);
    for (const table of ROLLUP_TABLES) await recode(db, table, (text) => JSON.stringify(decodeSketch(text)));
  },
};
