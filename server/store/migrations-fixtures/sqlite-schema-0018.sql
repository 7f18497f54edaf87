-- index alert_deliveries_alert on alert_deliveries
CREATE INDEX "alert_deliveries_alert" on "alert_deliveries" ("alert_id", "created_at");
-- index alert_deliveries_due on alert_deliveries
CREATE INDEX "alert_deliveries_due" on "alert_deliveries" ("status", "next_attempt_at");
-- index alerts_fired on alerts
CREATE INDEX "alerts_fired" on "alerts" ("fired_at", "id");
-- index alerts_open on alerts
CREATE INDEX "alerts_open" on "alerts" ("rule_id", "subject", "state");
-- index alerts_state on alerts
CREATE INDEX "alerts_state" on "alerts" ("state");
-- index audit_log_action on audit_log
CREATE INDEX "audit_log_action" on "audit_log" ("action", "seq");
-- index audit_log_actor on audit_log
CREATE INDEX "audit_log_actor" on "audit_log" ("actor", "seq");
-- index audit_log_at on audit_log
CREATE INDEX "audit_log_at" on "audit_log" ("at", "seq");
-- index deliveries_job on deliveries
CREATE INDEX "deliveries_job" on "deliveries" ("job_id", "seq");
-- index deliveries_received on deliveries
CREATE INDEX "deliveries_received" on "deliveries" ("received_at");
-- index flaky_runs_commit on flaky_runs
CREATE INDEX "flaky_runs_commit" on "flaky_runs" ("sha", "name", "workflow", "repo");
-- index flaky_runs_finished on flaky_runs
CREATE INDEX "flaky_runs_finished" on "flaky_runs" ("finished_at");
-- index job_labels_label on job_labels
CREATE INDEX "job_labels_label" on "job_labels" ("label", "job_id");
-- index job_observations_job_id on job_observations
CREATE INDEX "job_observations_job_id" on "job_observations" ("job_id", "id");
-- index job_values_recent on job_values
CREATE INDEX "job_values_recent" on "job_values" ("field", "last_seen", "value");
-- index jobs_author_created on jobs
CREATE INDEX "jobs_author_created" on "jobs" ("author", "created_at");
-- index jobs_branch_created on jobs
CREATE INDEX "jobs_branch_created" on "jobs" ("branch", "created_at");
-- index jobs_commit on jobs
CREATE INDEX "jobs_commit" on "jobs" ("sha", "name", "workflow", "repo", "finished_at", "status", "branch", "attempt", "duration_ms");
-- index jobs_created on jobs
CREATE INDEX "jobs_created" on "jobs" ("created_at", "id");
-- index jobs_failed on jobs
CREATE INDEX "jobs_failed" on "jobs" ("status", "finished_at", "repo", "workflow", "name", "sha", "cause", "failure_step", "updated_at", "id");
-- index jobs_finished on jobs
CREATE INDEX "jobs_finished" on "jobs" ("finished_at", "id");
-- index jobs_history on jobs
CREATE INDEX "jobs_history" on "jobs" ("repo", "workflow", "name", "branch", "created_at", "id");
-- index jobs_outcomes on jobs
CREATE INDEX "jobs_outcomes" on "jobs" ("finished_at", "status", "repo", "workflow", "duration_ms");
-- index jobs_pool_created on jobs
CREATE INDEX "jobs_pool_created" on "jobs" ("pool", "created_at");
-- index jobs_repo_created on jobs
CREATE INDEX "jobs_repo_created" on "jobs" ("repo", "created_at");
-- index jobs_repo_finished on jobs
CREATE INDEX "jobs_repo_finished" on "jobs" ("repo", "finished_at");
-- index jobs_repo_started on jobs
CREATE INDEX "jobs_repo_started" on "jobs" ("repo", "started_at");
-- index jobs_run on jobs
CREATE INDEX "jobs_run" on "jobs" ("run_id", "created_at");
-- index jobs_runner_created on jobs
CREATE INDEX "jobs_runner_created" on "jobs" ("runner_name", "created_at");
-- index jobs_started on jobs
CREATE INDEX "jobs_started" on "jobs" ("started_at", "id");
-- index jobs_status_created on jobs
CREATE INDEX "jobs_status_created" on "jobs" ("status", "created_at");
-- index jobs_status_updated on jobs
CREATE INDEX "jobs_status_updated" on "jobs" ("status", "updated_at");
-- index jobs_updated on jobs
CREATE INDEX "jobs_updated" on "jobs" ("updated_at", "id");
-- index jobs_workflow_created on jobs
CREATE INDEX "jobs_workflow_created" on "jobs" ("workflow", "created_at");
-- index log_tails_due on log_tails
CREATE INDEX "log_tails_due" on "log_tails" ("state", "next_attempt_at");
-- index metric_daily_day on metric_daily
CREATE INDEX "metric_daily_day" on "metric_daily" ("dim", "day");
-- index metric_rollups_hour on metric_rollups
CREATE INDEX "metric_rollups_hour" on "metric_rollups" ("dim", "hour");
-- index run_jobs_attempt on run_jobs
CREATE INDEX "run_jobs_attempt" on "run_jobs" ("run_id", "attempt");
-- index run_jobs_finished on run_jobs
CREATE INDEX run_jobs_finished ON run_jobs
        (run_id, finished_ms, finished_at)
        WHERE latest = 1 AND finished_ms IS NOT NULL;
-- index run_jobs_name on run_jobs
CREATE INDEX "run_jobs_name" on "run_jobs" ("run_id", "name", "attempt");
-- index run_jobs_queued on run_jobs
CREATE INDEX run_jobs_queued ON run_jobs
        (run_id, queued_ms, queued_at)
        WHERE latest = 1 AND queued_ms IS NOT NULL;
-- index run_jobs_started on run_jobs
CREATE INDEX run_jobs_started ON run_jobs
        (run_id, started_ms, started_at)
        WHERE latest = 1 AND started_ms IS NOT NULL;
-- index run_observations_run_id on run_observations
CREATE INDEX "run_observations_run_id" on "run_observations" ("run_id", "id");
-- index runners_retired on runners
CREATE INDEX "runners_retired" on "runners" ("retired_at", "id");
-- index runs_branch_created on runs
CREATE INDEX "runs_branch_created" on "runs" ("branch", "created_at");
-- index runs_created on runs
CREATE INDEX "runs_created" on "runs" ("created_at", "id");
-- index runs_lineage on runs
CREATE INDEX "runs_lineage" on "runs" ("repo", "workflow", "branch", "created_at");
-- index runs_repo_created on runs
CREATE INDEX "runs_repo_created" on "runs" ("repo", "created_at");
-- index runs_source_created on runs
CREATE INDEX "runs_source_created" on "runs" ("source", "created_at");
-- index runs_status_created on runs
CREATE INDEX "runs_status_created" on "runs" ("status", "created_at");
-- index runs_workflow_created on runs
CREATE INDEX "runs_workflow_created" on "runs" ("workflow", "created_at");
-- index sessions_key on sessions
CREATE INDEX "sessions_key" on "sessions" ("key_id", "expires_at");
-- index sqlite_autoindex_alert_deliveries_1 on alert_deliveries
(no sql);
-- index sqlite_autoindex_alert_jobs_1 on alert_jobs
(no sql);
-- index sqlite_autoindex_alert_rules_1 on alert_rules
(no sql);
-- index sqlite_autoindex_alert_state_1 on alert_state
(no sql);
-- index sqlite_autoindex_alerts_1 on alerts
(no sql);
-- index sqlite_autoindex_api_keys_1 on api_keys
(no sql);
-- index sqlite_autoindex_api_keys_2 on api_keys
(no sql);
-- index sqlite_autoindex_channels_1 on channels
(no sql);
-- index sqlite_autoindex_deliveries_1 on deliveries
(no sql);
-- index sqlite_autoindex_delivery_stats_1 on delivery_stats
(no sql);
-- index sqlite_autoindex_flaky_runs_1 on flaky_runs
(no sql);
-- index sqlite_autoindex_job_labels_1 on job_labels
(no sql);
-- index sqlite_autoindex_job_series_1 on job_series
(no sql);
-- index sqlite_autoindex_job_values_1 on job_values
(no sql);
-- index sqlite_autoindex_jobs_1 on jobs
(no sql);
-- index sqlite_autoindex_kysely_migration_1 on kysely_migration
(no sql);
-- index sqlite_autoindex_kysely_migration_lock_1 on kysely_migration_lock
(no sql);
-- index sqlite_autoindex_leases_1 on leases
(no sql);
-- index sqlite_autoindex_log_tails_1 on log_tails
(no sql);
-- index sqlite_autoindex_metric_daily_1 on metric_daily
(no sql);
-- index sqlite_autoindex_metric_dirty_1 on metric_dirty
(no sql);
-- index sqlite_autoindex_metric_dirty_days_1 on metric_dirty_days
(no sql);
-- index sqlite_autoindex_metric_rollups_1 on metric_rollups
(no sql);
-- index sqlite_autoindex_pool_kinds_1 on pool_kinds
(no sql);
-- index sqlite_autoindex_run_job_counts_1 on run_job_counts
(no sql);
-- index sqlite_autoindex_run_jobs_1 on run_jobs
(no sql);
-- index sqlite_autoindex_runners_1 on runners
(no sql);
-- index sqlite_autoindex_runs_1 on runs
(no sql);
-- index sqlite_autoindex_sessions_1 on sessions
(no sql);
-- index sqlite_autoindex_sessions_2 on sessions
(no sql);
-- index sqlite_autoindex_usage_hourly_1 on usage_hourly
(no sql);
-- table alert_deliveries on alert_deliveries
CREATE TABLE "alert_deliveries" ("id" text primary key, "alert_id" text not null, "channel_id" text not null, "notice" text not null, "status" text not null, "attempts" integer not null, "last_error" text, "next_attempt_at" bigint, "sent_at" bigint, "created_at" bigint not null, "payload" text not null);
-- table alert_jobs on alert_jobs
CREATE TABLE "alert_jobs" ("job_id" text not null, "alert_id" text not null, "fired_at" bigint not null, constraint "alert_jobs_pk" primary key ("job_id", "alert_id"));
-- table alert_rules on alert_rules
CREATE TABLE "alert_rules" ("id" text primary key, "data" text not null, "created_at" bigint not null, "updated_at" bigint not null);
-- table alert_state on alert_state
CREATE TABLE "alert_state" ("rule_id" text not null, "subject" text not null, "data" text not null, constraint "alert_state_pk" primary key ("rule_id", "subject"));
-- table alert_work on alert_work
CREATE TABLE "alert_work" ("seq" integer primary key autoincrement, "job" text not null, "queued_at" bigint not null);
-- table alerts on alerts
CREATE TABLE "alerts" ("id" text primary key, "rule_id" text not null, "subject" text not null, "state" text not null, "fired_at" bigint not null, "updated_at" bigint not null, "data" text not null);
-- table api_keys on api_keys
CREATE TABLE "api_keys" ("id" text primary key, "name" text not null, "scopes" text not null, "key_hash" text not null unique, "prefix" text not null, "created_by" text not null, "created_at" bigint not null, "last_used_at" bigint, "revoked_at" bigint);
-- table audit_chain on audit_chain
CREATE TABLE "audit_chain" ("id" integer primary key, "keyed_from" integer not null);
-- table audit_log on audit_log
CREATE TABLE "audit_log" ("seq" integer primary key, "at" bigint not null, "actor" text not null, "action" text not null, "target" text, "ip" text, "details" text not null, "prev_hash" text not null, "hash" text not null);
-- table channels on channels
CREATE TABLE "channels" ("id" text primary key, "data" text not null, "created_at" bigint not null, "updated_at" bigint not null);
-- table deliveries on deliveries
CREATE TABLE "deliveries" ("seq" integer primary key autoincrement, "source" text not null, "delivery_id" text not null, "event" text not null, "kind" text not null, "job_id" text, "received_at" bigint not null, "body" text not null, constraint "deliveries_source_delivery" unique ("source", "delivery_id"));
-- table delivery_stats on delivery_stats
CREATE TABLE "delivery_stats" ("source" text primary key, "accepted" bigint default 0 not null, "duplicate" bigint default 0 not null, "ignored" bigint default 0 not null, "rejected" bigint default 0 not null, "invalid" bigint default 0 not null, "last_delivery_at" bigint, "last_accepted_at" bigint, "last_refused_at" bigint);
-- table flaky_runs on flaky_runs
CREATE TABLE "flaky_runs" ("job_id" text primary key, "repo" text not null, "workflow" text not null, "name" text not null, "sha" text not null, "branch" text, "source" text not null, "labels" text, "attempt" integer, "status" text not null, "finished_at" bigint not null, "duration_ms" bigint);
-- table job_labels on job_labels
CREATE TABLE "job_labels" ("job_id" text not null references "jobs" ("id") on delete cascade, "label" text not null, constraint "job_labels_pk" primary key ("job_id", "label"));
-- table job_observations on job_observations
CREATE TABLE "job_observations" ("id" integer primary key autoincrement, "job_id" text not null, "data" text not null);
-- table job_series on job_series
CREATE TABLE "job_series" ("key" text primary key, "data" text not null);
-- table job_values on job_values
CREATE TABLE "job_values" ("field" text not null, "value" text not null, "last_seen" bigint not null, constraint "job_values_pk" primary key ("field", "value"));
-- table jobs on jobs
CREATE TABLE "jobs" ("id" text primary key, "source" text not null, "repo" text not null, "workflow" text not null, "name" text not null, "branch" text, "status" text not null, "runner_name" text, "created_at" bigint not null, "started_at" bigint, "finished_at" bigint, "updated_at" bigint not null, "data" text not null, "run_id" text, "lost" integer default 0 not null, "replay_gen" text, "sha" text, "attempt" integer, "queue_ms" bigint, "duration_ms" bigint, "labels" text, "pool" text, "cause" text, "failure_step" text, "author" text);
-- table kysely_migration on kysely_migration
CREATE TABLE "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
-- table kysely_migration_lock on kysely_migration_lock
CREATE TABLE "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
-- table leases on leases
CREATE TABLE "leases" ("name" text primary key, "owner" text not null, "expires_at" bigint not null);
-- table log_tails on log_tails
CREATE TABLE "log_tails" ("job_id" text primary key, "state" text not null, "attempts" integer default 0 not null, "next_attempt_at" bigint, "last_error" text, "queued_at" bigint not null, "lines" text, "first_error_line" integer, "category" text, "signal" text, "fetched_at" bigint);
-- table metric_daily on metric_daily
CREATE TABLE "metric_daily" ("dim" text not null, "value" text not null, "day" bigint not null, "success" integer not null, "failure" integer not null, "timed_out" integer not null, "cancelled" integer not null, "skipped" integer not null, "finished" integer not null, "started" integer not null, "duration" text not null, "queue" text not null, "neutral" integer default 0 not null, constraint "metric_daily_pk" primary key ("dim", "value", "day"));
-- table metric_dirty on metric_dirty
CREATE TABLE "metric_dirty" ("hour" bigint primary key);
-- table metric_dirty_days on metric_dirty_days
CREATE TABLE "metric_dirty_days" ("day" bigint primary key);
-- table metric_rollups on metric_rollups
CREATE TABLE "metric_rollups" ("dim" text not null, "value" text not null, "hour" bigint not null, "success" integer not null, "failure" integer not null, "timed_out" integer not null, "cancelled" integer not null, "skipped" integer not null, "finished" integer not null, "started" integer not null, "duration" text not null, "queue" text not null, "neutral" integer default 0 not null, constraint "metric_rollups_pk" primary key ("dim", "value", "hour"));
-- table pool_kinds on pool_kinds
CREATE TABLE "pool_kinds" ("pool" text primary key, "kind" text not null, "updated_at" bigint not null);
-- table run_job_counts on run_job_counts
CREATE TABLE "run_job_counts" ("run_id" text not null, "status" text not null, "n" integer not null, constraint "run_job_counts_pk" primary key ("run_id", "status"));
-- table run_jobs on run_jobs
CREATE TABLE "run_jobs" ("job_id" text primary key, "run_id" text not null, "name" text not null, "attempt" integer not null, "status" text not null, "queued_ms" bigint, "queued_at" text, "started_ms" bigint, "started_at" text, "finished_ms" bigint, "finished_at" text, "latest" integer not null);
-- table run_observations on run_observations
CREATE TABLE "run_observations" ("id" integer primary key autoincrement, "run_id" text not null, "data" text not null);
-- table runners on runners
CREATE TABLE "runners" ("id" text primary key, "source" text not null, "name" text not null, "status" text not null, "last_seen_at" bigint not null, "data" text not null, "retired_at" bigint);
-- table runs on runs
CREATE TABLE "runs" ("id" text primary key, "source" text not null, "repo" text not null, "workflow" text not null, "branch" text, "status" text not null, "reported" integer not null, "created_at" bigint not null, "updated_at" bigint not null, "replay_gen" text, "data" text not null);
-- table sessions on sessions
CREATE TABLE "sessions" ("id" text primary key, "token_hash" text not null unique, "key_id" text not null references "api_keys" ("id"), "created_at" bigint not null, "expires_at" bigint not null, "revoked_at" bigint, "last_seen_at" bigint);
-- table sqlite_sequence on sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq);
-- table usage_hourly on usage_hourly
CREATE TABLE "usage_hourly" ("hour" bigint not null, "source" text not null, "pool" text not null, "repo" text not null, "hosted" integer not null, "jobs" integer not null, "duration_ms" bigint not null, "minutes" bigint not null, constraint "usage_hourly_key" primary key ("hour", "source", "pool", "repo"));
-- trigger audit_chain_no_delete on audit_chain
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
-- trigger audit_chain_no_update on audit_chain
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
-- trigger audit_log_no_delete on audit_log
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_log_no_update on audit_log
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
