/**
 * Migration 0010: runner lifecycles and hosted usage.
 * - `pool_kinds`: the kind an admin set for a runner pool (hosted, self-hosted, ephemeral).
 * - `runners.retired_at`: when a hosted or ephemeral runner's job ended; reads skip retired rows,
 *   so one-job runners never pile up in the registry the Runners and Queue pages read.
 * - `usage_hourly`: job minutes per hour, source, pool and repository (server/store/fleet-usage.ts),
 *   filled here from the jobs already stored.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

/**
 * True for a job that GitHub or GitLab ran on its own runners: the same rule as
 * `vendorHosted` (server/domain/runner-kind.ts), over the stored job's JSON.
 */
const HOSTED_SQL = sql`(
  (source = 'github' AND (json_extract(data, '$.runner.group') = 'GitHub Actions'
    OR runner_name GLOB 'GitHub Actions [0-9]*'))
  OR (source = 'gitlab' AND json_extract(data, '$.runner.group') = 'instance_type'))`;

export const migration0010: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("pool_kinds")
      .addColumn("pool", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema.alterTable("runners").addColumn("retired_at", "bigint").execute();
    await db.schema.createIndex("runners_retired").on("runners").columns(["retired_at", "id"]).execute();

    await db.schema
      .createTable("usage_hourly")
      .addColumn("hour", "bigint", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("pool", "text", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("hosted", "integer", (c) => c.notNull())
      .addColumn("jobs", "integer", (c) => c.notNull())
      .addColumn("duration_ms", "bigint", (c) => c.notNull())
      .addColumn("minutes", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("usage_hourly_key", ["hour", "source", "pool", "repo"])
      .execute();
    // Billable minutes: each job's duration rounded up to a whole minute, as GitHub bills.
    // (A PostgreSQL store starts empty: nothing to fill, and no json_extract or GLOB.)
    if (isPostgres(db)) return;
    await sql`INSERT INTO usage_hourly (hour, source, pool, repo, hosted, jobs, duration_ms, minutes)
      SELECT (finished_at / 3600000) * 3600000, source, coalesce(pool, 'unlabelled'), repo,
        coalesce(max(${HOSTED_SQL}), 0), count(*), sum(duration_ms), sum((duration_ms + 59999) / 60000)
      FROM jobs
      WHERE finished_at IS NOT NULL AND duration_ms IS NOT NULL AND runner_name IS NOT NULL
      GROUP BY 1, 2, 3, 4`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS usage_hourly`.execute(db);
    await sql`DROP INDEX IF EXISTS runners_retired`.execute(db);
    await sql`ALTER TABLE runners DROP COLUMN retired_at`.execute(db);
    await sql`DROP TABLE IF EXISTS pool_kinds`.execute(db);
  },
};
