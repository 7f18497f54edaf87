/**
 * Schema migrations, applied in order at start-up. Never edit a released
 * migration; add a new one.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { migration0009 } from "./migration-0009";

const migrations: Record<string, Migration> = {
  "0001_jobs_and_deliveries": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("jobs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("workflow", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("branch", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("runner_name", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("started_at", "bigint")
        .addColumn("finished_at", "bigint")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      // The list is read newest first, optionally narrowed by one of these columns.
      await db.schema.createIndex("jobs_created").on("jobs").columns(["created_at", "id"]).execute();
      await db.schema.createIndex("jobs_finished").on("jobs").columns(["finished_at", "id"]).execute();
      await db.schema.createIndex("jobs_updated").on("jobs").columns(["updated_at", "id"]).execute();
      await db.schema
        .createIndex("jobs_status_created")
        .on("jobs")
        .columns(["status", "created_at"])
        .execute();
      await db.schema.createIndex("jobs_repo_created").on("jobs").columns(["repo", "created_at"]).execute();
      await db.schema
        .createIndex("jobs_branch_created")
        .on("jobs")
        .columns(["branch", "created_at"])
        .execute();
      await db.schema
        .createIndex("jobs_workflow_created")
        .on("jobs")
        .columns(["workflow", "created_at"])
        .execute();
      await db.schema
        .createIndex("jobs_runner_created")
        .on("jobs")
        .columns(["runner_name", "created_at"])
        .execute();

      await db.schema
        .createTable("job_labels")
        .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
        .addColumn("label", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("job_labels_pk", ["job_id", "label"])
        .execute();
      await db.schema.createIndex("job_labels_label").on("job_labels").columns(["label", "job_id"]).execute();

      await db.schema
        .createTable("deliveries")
        .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("delivery_id", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("job_id", "text")
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addUniqueConstraint("deliveries_source_delivery", ["source", "delivery_id"])
        .execute();
      await db.schema.createIndex("deliveries_job").on("deliveries").columns(["job_id", "seq"]).execute();
      await db.schema.createIndex("deliveries_received").on("deliveries").column("received_at").execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE IF EXISTS deliveries`.execute(db);
      await sql`DROP TABLE IF EXISTS job_labels`.execute(db);
      await sql`DROP TABLE IF EXISTS jobs`.execute(db);
    },
  },
  "0002_auth_and_audit": {
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

      // seq is assigned by the appender (last + 1) inside its transaction: the primary key then
      // refuses a second writer chaining onto the same entry, in any dialect.
      await db.schema
        .createTable("audit_log")
        .addColumn("seq", "integer", (c) => c.primaryKey())
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
      // Append-only, as far as the application goes: a slip in our own code cannot rewrite history.
      // (Anyone with the file can drop these; the hash chain is what detects that kind of edit.)
      // SQLite syntax; the PostgreSQL migration needs its own trigger function.
      await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE IF EXISTS audit_log`.execute(db);
      await sql`DROP TABLE IF EXISTS sessions`.execute(db);
      await sql`DROP TABLE IF EXISTS api_keys`.execute(db);
    },
  },
  "0003_runs_runners_delivery_health": {
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

      // Every observation of a job or run, normalised: the stored record is their fold in a
      // canonical order, so it depends on which events arrived, never on their order.
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
      // Backfill the run link of jobs stored before runs existed (SQLite JSON syntax; a
      // PostgreSQL store starts from this schema and never runs this backfill on data).
      await sql`UPDATE jobs SET run_id = source || ':' || json_extract(data, '$.runId')`.execute(db);
      await db.schema.createIndex("jobs_run").on("jobs").columns(["run_id", "created_at"]).execute();
      // The lost-job sweep reads active jobs by how long they have been silent.
      await db.schema
        .createIndex("jobs_status_updated")
        .on("jobs")
        .columns(["status", "updated_at"])
        .execute();
      await sql`UPDATE deliveries SET kind = 'data' WHERE kind = 'job'`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP INDEX IF EXISTS jobs_status_updated`.execute(db);
      await sql`DROP INDEX IF EXISTS jobs_run`.execute(db);
      await db.schema.alterTable("jobs").dropColumn("replay_gen").execute();
      await db.schema.alterTable("jobs").dropColumn("lost").execute();
      await db.schema.alterTable("jobs").dropColumn("run_id").execute();
      await sql`DROP TABLE IF EXISTS delivery_stats`.execute(db);
      await sql`DROP TABLE IF EXISTS runners`.execute(db);
      await sql`DROP TABLE IF EXISTS run_observations`.execute(db);
      await sql`DROP TABLE IF EXISTS job_observations`.execute(db);
      await sql`DROP TABLE IF EXISTS runs`.execute(db);
    },
  },
  "0004_metrics": {
    async up(db: Kysely<unknown>) {
      // Narrow copies of what metrics read, so scans never parse `data`.
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
      // Backfill (SQLite JSON syntax, like 0003). `pool` and `cause` are filled in by
      // `runwatch replay`; until then a stored job counts under its vendor's cause.
      await sql`UPDATE jobs SET
        sha = json_extract(data, '$.sha'),
        attempt = json_extract(data, '$.attempt'),
        queue_ms = json_extract(data, '$.queueMs'),
        duration_ms = json_extract(data, '$.durationMs'),
        labels = json_extract(data, '$.runner.labels'),
        cause = CASE WHEN lost = 1 THEN 'runner_lost' ELSE json_extract(data, '$.failure.cause') END,
        failure_step = json_extract(data, '$.failure.step')`.execute(db);
      await db.schema.createIndex("jobs_started").on("jobs").columns(["started_at", "id"]).execute();
      await db.schema.createIndex("jobs_repo_finished").on("jobs").columns(["repo", "finished_at"]).execute();
      await db.schema.createIndex("jobs_repo_started").on("jobs").columns(["repo", "started_at"]).execute();

      // Hourly roll-ups: one row per hour and dimension value (dim '*' is everything).
      // Outcomes and durations count in the hour a job finished; starts and queue times
      // in the hour it started. Sketches are JSON (see server/domain/sketch.ts).
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
      // Hours whose roll-ups are stale: written in the same transaction as the job.
      await db.schema
        .createTable("metric_dirty")
        .addColumn("hour", "bigint", (c) => c.primaryKey())
        .execute();
      await sql`INSERT INTO metric_dirty (hour)
        SELECT DISTINCT (finished_at / 3600000) * 3600000 FROM jobs WHERE finished_at IS NOT NULL
        UNION SELECT DISTINCT (started_at / 3600000) * 3600000 FROM jobs WHERE started_at IS NOT NULL`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE IF EXISTS metric_dirty`.execute(db);
      await sql`DROP TABLE IF EXISTS metric_rollups`.execute(db);
      for (const index of ["jobs_repo_started", "jobs_repo_finished", "jobs_started"])
        await sql`DROP INDEX IF EXISTS ${sql.raw(index)}`.execute(db);
      for (const name of [
        "failure_step",
        "cause",
        "pool",
        "labels",
        "duration_ms",
        "queue_ms",
        "attempt",
        "sha",
      ])
        await db.schema.alterTable("jobs").dropColumn(name).execute();
    },
  },
  "0005_alerts": {
    async up(db: Kysely<unknown>) {
      // Channels and rules keep their input as posted (JSON): the API view is derived from it,
      // so defaults can improve without rewriting rows. Channel secrets never leave the store.
      for (const table of ["channels", "alert_rules"]) {
        await db.schema
          .createTable(table)
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("data", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
      }
      // Throttle state per rule and subject, and the last outcome of each job series.
      await db.schema
        .createTable("alert_state")
        .addColumn("rule_id", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("alert_state_pk", ["rule_id", "subject"])
        .execute();
      await db.schema
        .createTable("job_series")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("alerts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("rule_id", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("fired_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("alerts_fired").on("alerts").columns(["fired_at", "id"]).execute();
      await db.schema
        .createIndex("alerts_open")
        .on("alerts")
        .columns(["rule_id", "subject", "state"])
        .execute();
      // The outbox: one row per notification per channel, with the alert as it was then.
      await db.schema
        .createTable("alert_deliveries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("alert_id", "text", (c) => c.notNull())
        .addColumn("channel_id", "text", (c) => c.notNull())
        .addColumn("notice", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("next_attempt_at", "bigint")
        .addColumn("sent_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("alert_deliveries_due")
        .on("alert_deliveries")
        .columns(["status", "next_attempt_at"])
        .execute();
      await db.schema
        .createIndex("alert_deliveries_alert")
        .on("alert_deliveries")
        .columns(["alert_id", "created_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        "alert_deliveries",
        "alerts",
        "job_series",
        "alert_state",
        "alert_rules",
        "channels",
      ])
        await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
    },
  },
  "0006_run_aggregates": {
    async up(db: Kysely<unknown>) {
      // What a run nobody reported is derived from, kept up to date from the one job that changed
      // (server/store/run-aggregates.ts) instead of re-reading every job of the run on every event.
      // One narrow row per job: its run, name, attempt, status and times (ms to order by, the ISO
      // text to show), and whether its attempt is the latest of its name in its run.
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
      // The run's earliest queue/start and latest finish among latest attempts: one index seek each.
      for (const time of ["queued", "started", "finished"]) {
        await sql`CREATE INDEX ${sql.raw(`run_jobs_${time}`)} ON run_jobs
          (run_id, ${sql.raw(`${time}_ms`)}, ${sql.raw(`${time}_at`)})
          WHERE latest = 1 AND ${sql.raw(`${time}_ms`)} IS NOT NULL`.execute(db);
      }
      // How many latest-attempt jobs of each run are in each status.
      await db.schema
        .createTable("run_job_counts")
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("n", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("run_job_counts_pk", ["run_id", "status"])
        .execute();

      // Backfill from the stored jobs (SQLite JSON syntax, like 0003). The ms columns are the
      // jobs' own: started_at/finished_at as written, created_at is the queue time when there is one.
      await sql`INSERT INTO run_jobs (job_id, run_id, name, attempt, status, queued_ms, queued_at,
          started_ms, started_at, finished_ms, finished_at, latest)
        SELECT id, run_id, name, COALESCE(attempt, json_extract(data, '$.attempt'), 1), status,
          CASE WHEN json_extract(data, '$.queuedAt') IS NULL THEN NULL ELSE created_at END,
          json_extract(data, '$.queuedAt'),
          started_at, json_extract(data, '$.startedAt'),
          finished_at, json_extract(data, '$.finishedAt'), 0
        FROM jobs WHERE run_id IS NOT NULL`.execute(db);
      await sql`UPDATE run_jobs SET latest = 1 WHERE attempt = (SELECT max(r.attempt) FROM run_jobs r
        WHERE r.run_id = run_jobs.run_id AND r.name = run_jobs.name)`.execute(db);
      await sql`INSERT INTO run_job_counts (run_id, status, n)
        SELECT run_id, status, count(*) FROM run_jobs WHERE latest = 1 GROUP BY run_id, status`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE IF EXISTS run_job_counts`.execute(db);
      await sql`DROP TABLE IF EXISTS run_jobs`.execute(db);
    },
  },
  "0008_metric_days": {
    async up(db: Kysely<unknown>) {
      // Daily roll-ups: the hourly ones' shape per UTC day, plus the pairs filters combine
      // (repo + branch, repo + workflow), so long windows merge tens of rows, not hundreds.
      await db.schema
        .createTable("metric_daily")
        .addColumn("dim", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("day", "bigint", (c) => c.notNull())
        .addColumn("success", "integer", (c) => c.notNull())
        .addColumn("failure", "integer", (c) => c.notNull())
        .addColumn("timed_out", "integer", (c) => c.notNull())
        .addColumn("cancelled", "integer", (c) => c.notNull())
        .addColumn("skipped", "integer", (c) => c.notNull())
        .addColumn("finished", "integer", (c) => c.notNull())
        .addColumn("started", "integer", (c) => c.notNull())
        .addColumn("duration", "text", (c) => c.notNull())
        .addColumn("queue", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("metric_daily_pk", ["dim", "value", "day"])
        .execute();
      await db.schema.createIndex("metric_daily_day").on("metric_daily").columns(["dim", "day"]).execute();
      // Days to rebuild: marked when one of their hours is rebuilt (never on ingest).
      await db.schema
        .createTable("metric_dirty_days")
        .addColumn("day", "bigint", (c) => c.primaryKey())
        .execute();
      await sql`INSERT INTO metric_dirty_days (day)
        SELECT DISTINCT (hour / 86400000) * 86400000 FROM metric_rollups WHERE dim = '*'`.execute(db);
      // Covering indexes for the reads that list jobs rather than aggregate them, so they
      // never touch the wide job rows: failures by status and finish time (failures, and
      // the flaky rule's failed commits), a job's runs on one commit (the flaky rule's other
      // side), and outcomes by finish time (workflow health at a window's part-day edges).
      await db.schema
        .createIndex("jobs_failed")
        .on("jobs")
        .columns([
          "status",
          "finished_at",
          "repo",
          "workflow",
          "name",
          "sha",
          "cause",
          "failure_step",
          "updated_at",
          "id",
        ])
        .execute();
      await db.schema
        .createIndex("jobs_commit")
        .on("jobs")
        .columns([
          "sha",
          "name",
          "workflow",
          "repo",
          "finished_at",
          "status",
          "branch",
          "attempt",
          "duration_ms",
        ])
        .execute();
      await db.schema
        .createIndex("jobs_outcomes")
        .on("jobs")
        .columns(["finished_at", "status", "repo", "workflow", "duration_ms"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const index of ["jobs_outcomes", "jobs_commit", "jobs_failed"])
        await sql`DROP INDEX IF EXISTS ${sql.raw(index)}`.execute(db);
      await sql`DROP TABLE IF EXISTS metric_dirty_days`.execute(db);
      await sql`DROP TABLE IF EXISTS metric_daily`.execute(db);
    },
  },
  // Alert work queued in the same transaction as the delivery that finished the job, so an
  // acknowledged delivery is evaluated exactly once even across a crash (the dispatcher deletes
  // the row in the transaction that records its outcome).
  "0007_alert_work": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("alert_work")
        .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("job", "text", (c) => c.notNull())
        .addColumn("queued_at", "bigint", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE IF EXISTS alert_work`.execute(db);
    },
  },
  "0009_compact_metrics": migration0009,
};

/** Supplies the migrations above to Kysely's `Migrator` (no files to find at run time). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
