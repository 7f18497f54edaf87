/**
 * Schema migrations, applied in order at start-up (Kysely sorts them by name).
 * One file each in `migrations/`; never edit a released migration: add a new one.
 */
import type { Migration, MigrationProvider } from "kysely";
import { migration0001 } from "./migrations/0001-jobs-and-deliveries";
import { migration0002 } from "./migrations/0002-auth-and-audit";
import { migration0003 } from "./migrations/0003-runs-runners-delivery-health";
import { migration0004 } from "./migrations/0004-metrics";
import { migration0005 } from "./migrations/0005-alerts";
import { migration0006 } from "./migrations/0006-run-aggregates";
import { migration0007 } from "./migrations/0007-alert-work";
import { migration0008 } from "./migrations/0008-metric-days";
import { migration0009 } from "./migrations/0009-compact-metrics";
import { migration0010 } from "./migrations/0010-runner-kinds-usage";
import { migration0011 } from "./migrations/0011-outcomes";
import { migration0012 } from "./migrations/0012-log-tails";
import { migration0013 } from "./migrations/0013-alert-jobs";
import { migration0014 } from "./migrations/0014-job-author";
import { migration0015 } from "./migrations/0015-job-values";
import { migration0016 } from "./migrations/0016-link-schemes";
import { migration0017 } from "./migrations/0017-leases";
import { migration0018 } from "./migrations/0018-audit-keyed-chain";
import { migration0019 } from "./migrations/0019-oidc-users";
import { migration0020 } from "./migrations/0020-teams";
import { migration0021 } from "./migrations/0021-queue-eta-depth";
import { migration0022 } from "./migrations/0022-slos";

const migrations: Record<string, Migration> = {
  "0001_jobs_and_deliveries": migration0001,
  "0002_auth_and_audit": migration0002,
  "0003_runs_runners_delivery_health": migration0003,
  "0004_metrics": migration0004,
  "0005_alerts": migration0005,
  "0006_run_aggregates": migration0006,
  "0007_alert_work": migration0007,
  "0008_metric_days": migration0008,
  "0009_compact_metrics": migration0009,
  "0010_runner_kinds_usage": migration0010,
  "0011_outcomes": migration0011,
  "0012_log_tails": migration0012,
  "0013_alert_jobs": migration0013,
  "0014_job_author": migration0014,
  "0015_job_values": migration0015,
  "0016_link_schemes": migration0016,
  "0017_leases": migration0017,
  "0018_audit_keyed_chain": migration0018,
  "0019_oidc_users": migration0019,
  "0020_teams": migration0020,
  "0021_queue_eta_depth": migration0021,
  "0022_slos": migration0022,
};

/** Supplies the migrations above to Kysely's `Migrator` (no files to find at run time). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
