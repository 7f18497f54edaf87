/**
 * Migration 0014: who triggered a job (`Job.author`) as a column of its own,
 * and the indexes Live's author and pool filters walk.
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0014 (job author). */
export const migration0014: Migration = {
  async up(db: Kysely<unknown>) {
    // No backfill: jobs stored before 0014 were normalised without an author, so `data` has none to copy.
    await db.schema.alterTable("jobs").addColumn("author", "text").execute();
    await db.schema.createIndex("jobs_author_created").on("jobs").columns(["author", "created_at"]).execute();
    await db.schema.createIndex("jobs_pool_created").on("jobs").columns(["pool", "created_at"]).execute();
  },
};
