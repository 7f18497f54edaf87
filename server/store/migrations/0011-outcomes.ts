/**
 * Migration 0011: outcomes of their own. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

const ROLLUP_TABLES = ["metric_rollups", "metric_daily"];

/** Migration 0011 (neutral counted in the roll-ups; the index that finds a newer run of a lineage). */
export const migration0011: Migration = {
  async up(db: Kysely<unknown>) {
    // `neutral` is an outcome of its own (GitHub's neutral / action_required conclusions): counted
    // beside cancelled and skipped, in no rate. Rows written before count none; jobs stored as
    // success before this release stay success (their conclusion was not kept apart).
    for (const table of ROLLUP_TABLES)
      await db.schema
        .alterTable(table)
        .addColumn("neutral", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    // A cancelled run is superseded when a newer run of its lineage (repo, workflow, branch) was
    // queued around its cancellation: one seek in this index per cancellation, and one per new run
    // for its predecessor (server/store/superseded.ts).
    await db.schema
      .createIndex("runs_lineage")
      .on("runs")
      .columns(["repo", "workflow", "branch", "created_at"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX IF EXISTS runs_lineage`.execute(db);
    for (const table of ROLLUP_TABLES) await db.schema.alterTable(table).dropColumn("neutral").execute();
  },
};
