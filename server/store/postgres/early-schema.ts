/**
 * PostgreSQL versions of the released migrations whose SQL only SQLite speaks.
 * Each builds the same tables and indexes as its namesake in
 * `../migrations/`, leaving out what cannot apply to PostgreSQL:
 * - backfills of rows stored before the migration (SQLite JSON functions,
 *   `rowid`): a PostgreSQL store starts empty, and `migrate-to-postgres`
 *   copies rows that the SQLite migrations already brought up to date;
 * - SQLite trigger syntax (the audit log's append-only guard gets a PL/pgSQL
 *   trigger function instead).
 * Released like the originals: never edit one; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** 0002: keys, sessions and the audit log, append-only through a trigger function. */
export const pgMigration0002: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("prefix", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_used_at", "bigint")
      .addColumn("revoked_at", "bigint")
      .execute();
    await db.schema
      .createTable("sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("key_id", "text", (c) => c.notNull().references("api_keys.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_seen_at", "bigint")
      .execute();
    await db.schema.createIndex("sessions_key").on("sessions").columns(["key_id", "expires_at"]).execute();
    // bigint: readers page from Number.MIN_SAFE_INTEGER, which a PostgreSQL integer cannot hold.
    await db.schema
      .createTable("audit_log")
      .addColumn("seq", "bigint", (c) => c.primaryKey())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text")
      .addColumn("ip", "text")
      .addColumn("details", "text", (c) => c.notNull())
      .addColumn("prev_hash", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "seq"]).execute();
    await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor", "seq"]).execute();
    await db.schema.createIndex("audit_log_at").on("audit_log").columns(["at", "seq"]).execute();
    // Append-only, as in SQLite (same message); TRUNCATE too, which row triggers do not see.
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  },
};

/** 0003: runs, observations, runners, delivery health and the jobs' run link (no backfill). */
export const pgMigration0003: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("workflow", "text", (c) => c.notNull())
      .addColumn("branch", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reported", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("replay_gen", "text")
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("runs_created").on("runs").columns(["created_at", "id"]).execute();
    for (const column of ["source", "repo", "branch", "workflow", "status"]) {
      await db.schema
        .createIndex(`runs_${column}_created`)
        .on("runs")
        .columns([column, "created_at"])
        .execute();
    }
    for (const [table, key] of [
      ["job_observations", "job_id"],
      ["run_observations", "run_id"],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn(key, "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_${key}`).on(table).columns([key, "id"]).execute();
    }
    await db.schema
      .createTable("runners")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "bigint", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("delivery_stats")
      .addColumn("source", "text", (c) => c.primaryKey())
      .addColumn("accepted", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("duplicate", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("ignored", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("rejected", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("invalid", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("last_delivery_at", "bigint")
      .addColumn("last_accepted_at", "bigint")
      .addColumn("last_refused_at", "bigint")
      .execute();
    await db.schema.alterTable("jobs").addColumn("run_id", "text").execute();
    await db.schema
      .alterTable("jobs")
      .addColumn("lost", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("jobs").addColumn("replay_gen", "text").execute();
    await db.schema.createIndex("jobs_run").on("jobs").columns(["run_id", "created_at"]).execute();
    await db.schema.createIndex("jobs_status_updated").on("jobs").columns(["status", "updated_at"]).execute();
  },
};

/** 0004: the jobs' metric columns, hourly roll-ups and dirty hours (no backfill). */
export const pgMigration0004: Migration = {
  async up(db: Kysely<unknown>) {
    const columns = [
      ["sha", "text"],
      ["attempt", "integer"],
      ["queue_ms", "bigint"],
      ["duration_ms", "bigint"],
      ["labels", "text"],
      ["pool", "text"],
      ["cause", "text"],
      ["failure_step", "text"],
    ] as const;
    for (const [name, type] of columns) await db.schema.alterTable("jobs").addColumn(name, type).execute();
    await db.schema.createIndex("jobs_started").on("jobs").columns(["started_at", "id"]).execute();
    await db.schema.createIndex("jobs_repo_finished").on("jobs").columns(["repo", "finished_at"]).execute();
    await db.schema.createIndex("jobs_repo_started").on("jobs").columns(["repo", "started_at"]).execute();
    await db.schema
      .createTable("metric_rollups")
      .addColumn("dim", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("hour", "bigint", (c) => c.notNull())
      .addColumn("success", "integer", (c) => c.notNull())
      .addColumn("failure", "integer", (c) => c.notNull())
      .addColumn("timed_out", "integer", (c) => c.notNull())
      .addColumn("cancelled", "integer", (c) => c.notNull())
      .addColumn("skipped", "integer", (c) => c.notNull())
      .addColumn("finished", "integer", (c) => c.notNull())
      .addColumn("started", "integer", (c) => c.notNull())
      .addColumn("duration", "text", (c) => c.notNull())
      .addColumn("queue", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("metric_rollups_pk", ["dim", "value", "hour"])
      .execute();
    await db.schema
      .createIndex("metric_rollups_hour")
      .on("metric_rollups")
      .columns(["dim", "hour"])
      .execute();
    await db.schema
      .createTable("metric_dirty")
      .addColumn("hour", "bigint", (c) => c.primaryKey())
      .execute();
  },
};

/** 0006: run aggregates (no backfill). */
export const pgMigration0006: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("run_jobs")
      .addColumn("job_id", "text", (c) => c.primaryKey())
      .addColumn("run_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("queued_ms", "bigint")
      .addColumn("queued_at", "text")
      .addColumn("started_ms", "bigint")
      .addColumn("started_at", "text")
      .addColumn("finished_ms", "bigint")
      .addColumn("finished_at", "text")
      .addColumn("latest", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("run_jobs_name")
      .on("run_jobs")
      .columns(["run_id", "name", "attempt"])
      .execute();
    await db.schema.createIndex("run_jobs_attempt").on("run_jobs").columns(["run_id", "attempt"]).execute();
    for (const time of ["queued", "started", "finished"]) {
      await sql`CREATE INDEX ${sql.raw(`run_jobs_${time}`)} ON run_jobs
        (run_id, ${sql.raw(`${time}_ms`)}, ${sql.raw(`${time}_at`)})
        WHERE latest = 1 AND ${sql.raw(`${time}_ms`)} IS NOT NULL`.execute(db);
    }
    await db.schema
      .createTable("run_job_counts")
      .addColumn("run_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("n", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("run_job_counts_pk", ["run_id", "status"])
      .execute();
  },
};

/** 0009: the flaky rule's table (nothing to re-encode in a new store). */
export const pgMigration0009: Migration = {
  async up(db: Kysely<unknown>) {
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
  },
};

/** 0010: pool kinds, retired runners and hourly usage (no backfill). */
export const pgMigration0010: Migration = {
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
  },
};

/** 0016: nothing to clear in a new store (every link arrives already checked). */
export const pgMigration0016: Migration = {
  async up() {},
};
