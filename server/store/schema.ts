/** Kysely table types: the shape of the database, for the store only. */
import type { Generated } from "kysely";
import type {
  ApiKeysTable,
  SessionsTable,
  UsersTable,
  UserSessionsTable,
  OidcLoginsTable,
  AuditLogTable,
  AuditChainTable,
  TeamsTable,
} from "./schema-access";

export type {
  ApiKeysTable,
  SessionsTable,
  UsersTable,
  UserSessionsTable,
  OidcLoginsTable,
  AuditLogTable,
  AuditChainTable,
  TeamsTable,
} from "./schema-access";

/** One row per job; `data` holds the full normalised Job as JSON, the rest are indexed copies for filtering. */
export interface JobsTable {
  id: string;
  source: string;
  repo: string;
  workflow: string;
  name: string;
  branch: string | null;
  status: string;
  runner_name: string | null;
  /** ms since epoch: queuedAt, or first seen when the vendor gave no queue time. Sort key of the list. */
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  /** `"<source>:<runId>"`: the run this job belongs to. */
  run_id: string | null;
  /** 1 while the job is flagged lost (active, silent for too long). */
  lost: number;
  /** The replay that last rebuilt this row (see `Store.reapplyDelivery`). */
  replay_gen: string | null;
  // Narrow copies for metrics (migration 0004); null on rows stored before it.
  sha: string | null;
  attempt: number | null;
  queue_ms: number | null;
  duration_ms: number | null;
  /** The runner labels as a JSON array. */
  labels: string | null;
  /** `poolOf(labels, group)`. */
  pool: string | null;
  /** The failure cause metrics count (see `causeOf`); null when the job did not fail. */
  cause: string | null;
  failure_step: string | null;
  /** `Job.author`: who triggered the job (migration 0014); null when the vendor did not say. */
  author: string | null;
  data: string;
}

/** Pipeline runs; `data` holds the full PipelineRun as JSON, the rest are indexed copies. */
export interface RunsTable {
  id: string;
  source: string;
  repo: string;
  workflow: string;
  branch: string | null;
  status: string;
  /** 1 when the vendor reported the run itself; 0 for a run derived from its jobs. */
  reported: number;
  /** ms since epoch: queuedAt / startedAt, or first seen. Sort key of the list. */
  created_at: number;
  updated_at: number;
  replay_gen: string | null;
  data: string;
}

/** Every observation of a job (a normalised Job as JSON), folded into `jobs.data`. */
export interface JobObservationsTable {
  id: Generated<number>;
  job_id: string;
  data: string;
}

/** Every vendor report of a run (a PipelineRun as JSON), folded into `runs.data`. */
export interface RunObservationsTable {
  id: Generated<number>;
  run_id: string;
  data: string;
}

/** The runner registry; `data` holds the Runner as JSON. */
export interface RunnersTable {
  id: string;
  source: string;
  name: string;
  status: string;
  last_seen_at: number;
  /** ms since epoch when a hosted or ephemeral runner retired (migration 0010); null while it is not. */
  retired_at: number | null;
  data: string;
}

/** The kind an admin set for a runner pool (migration 0010). */
export interface PoolKindsTable {
  pool: string;
  kind: string;
  updated_at: number;
}

/** Job minutes per hour, source, pool and repository (migration 0010, see fleet-usage.ts). */
export interface UsageHourlyTable {
  hour: number;
  source: string;
  pool: string;
  repo: string;
  /** 1 when a job counted here ran on a vendor-hosted runner. */
  hosted: number;
  jobs: number;
  duration_ms: number;
  /** Each job's duration rounded up to a whole minute, summed. */
  minutes: number;
}

/** Delivery counts per source (times in ms since epoch). */
export interface DeliveryStatsTable {
  source: string;
  accepted: Generated<number>;
  duplicate: Generated<number>;
  ignored: Generated<number>;
  rejected: Generated<number>;
  invalid: Generated<number>;
  last_delivery_at: number | null;
  last_accepted_at: number | null;
  last_refused_at: number | null;
}

/** Runner labels of each job, one row per label, for the `label` filter. */
export interface JobLabelsTable {
  job_id: string;
  label: string;
}

/** Distinct filter values of the jobs (migration 0015), for suggestions; `last_seen` in ms since epoch. */
export interface JobValuesTable {
  /** One of `JOB_SUGGEST_FIELDS`. */
  field: string;
  value: string;
  last_seen: number;
}

/** Every verified delivery, raw, as received. */
export interface DeliveriesTable {
  seq: Generated<number>;
  source: string;
  delivery_id: string;
  event: string;
  kind: string;
  job_id: string | null;
  received_at: number;
  body: string;
}

/** Hourly metric roll-ups (see migration 0004). */
export interface MetricRollupsTable {
  dim: string;
  value: string;
  hour: number;
  success: number;
  failure: number;
  timed_out: number;
  cancelled: number;
  skipped: number;
  /** Migration 0011; 0 on rows written before it. */
  neutral: number;
  finished: number;
  started: number;
  /** Sketch JSON of durations of jobs that finished success/failure/timed_out in the hour. */
  duration: string;
  /** Sketch JSON of queue times of jobs that started in the hour. */
  queue: string;
}

/** Daily metric roll-ups (migration 0008): the hourly shape per UTC day, with pair dimensions too. */
export type MetricDailyTable = Omit<MetricRollupsTable, "hour"> & { day: number };

/**
 * The finished runs (success, failure, timed_out) of every job whose commit
 * both failed and passed, kept from the jobs by the roll-up rebuild
 * (migration 0009, server/store/metric-flaky.ts): the flaky rule's candidates.
 */
export interface FlakyRunsTable {
  job_id: string;
  repo: string;
  workflow: string;
  name: string;
  sha: string;
  branch: string | null;
  source: string;
  labels: string | null;
  attempt: number | null;
  status: string;
  finished_at: number;
  duration_ms: number | null;
}

/** Days whose daily roll-ups must be rebuilt. */
export interface MetricDirtyDaysTable {
  day: number;
}

/** Hours whose roll-ups must be rebuilt. */
export interface MetricDirtyTable {
  hour: number;
}

/** Channels and alert rules: the input as posted, as JSON. */
export interface ConfigRowTable {
  id: string;
  data: string;
  created_at: number;
  updated_at: number;
}

/** Throttle state of one rule and subject. */
export interface AlertStateTable {
  rule_id: string;
  subject: string;
  data: string;
}

/** The last outcome of one job series (for broke/fixed). */
export interface JobSeriesTable {
  key: string;
  data: string;
}

/**
 * What deriving a run takes from each of its jobs (migration 0006), kept beside
 * the job so a run is updated from the job that changed (see run-aggregates.ts).
 */
export interface RunJobsTable {
  job_id: string;
  run_id: string;
  name: string;
  attempt: number;
  status: string;
  /** ms since epoch, to order by; `*_at` is the job's own ISO text of the same time. */
  queued_ms: number | null;
  queued_at: string | null;
  started_ms: number | null;
  started_at: string | null;
  finished_ms: number | null;
  finished_at: string | null;
  /** 1 when the job's attempt is the highest of any job with its name in its run. */
  latest: number;
}

/** How many latest-attempt jobs of a run are in a status (rows may hold 0). */
export interface RunJobCountsTable {
  run_id: string;
  status: string;
  n: number;
}

/** Fired alerts; `data` holds the Alert as JSON. */
export interface AlertsTable {
  id: string;
  rule_id: string;
  subject: string;
  state: string;
  fired_at: number;
  updated_at: number;
  data: string;
}

/** Which jobs took part in which alerts (migration 0013): found by job, newest alert first. */
export interface AlertJobsTable {
  job_id: string;
  alert_id: string;
  fired_at: number;
}

/** The notification outbox and delivery log. */
export interface AlertDeliveriesTable {
  id: string;
  alert_id: string;
  channel_id: string;
  notice: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  sent_at: number | null;
  created_at: number;
  /** The Alert as it was when this notification was queued. */
  payload: string;
}

/** Finished jobs waiting for the alert dispatcher; `job` is the Job as JSON, as the delivery stored it. */
export interface AlertWorkTable {
  seq: Generated<number>;
  job: string;
  queued_at: number;
}

/** Failed jobs' log excerpts and their fetch state (migration 0012, server/store/log-tail-store.ts). */
export interface LogTailsTable {
  job_id: string;
  /** `pending` (to fetch), `stored` (lines kept; never fetched again) or `failed` (given up). */
  state: string;
  attempts: Generated<number>;
  /** ms since epoch; null once stored or given up. */
  next_attempt_at: number | null;
  last_error: string | null;
  queued_at: number;
  /** The kept lines as a JSON array. */
  lines: string | null;
  first_error_line: number | null;
  category: string | null;
  signal: string | null;
  fetched_at: number | null;
}

/** One row per lease of once-across-nodes background work (migration 0017). */
export interface LeasesTable {
  name: string;
  /** The node holding it (see `server/leases`). */
  owner: string;
  /** ms since epoch: free for any node to take from then on. */
  expires_at: number;
}

/** The database: every table, by name. */
export interface Database {
  jobs: JobsTable;
  job_labels: JobLabelsTable;
  job_values: JobValuesTable;
  deliveries: DeliveriesTable;
  runs: RunsTable;
  job_observations: JobObservationsTable;
  run_observations: RunObservationsTable;
  runners: RunnersTable;
  delivery_stats: DeliveryStatsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  oidc_logins: OidcLoginsTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  metric_rollups: MetricRollupsTable;
  metric_dirty: MetricDirtyTable;
  metric_daily: MetricDailyTable;
  metric_dirty_days: MetricDirtyDaysTable;
  flaky_runs: FlakyRunsTable;
  channels: ConfigRowTable;
  alert_rules: ConfigRowTable;
  /** Service-level objectives (migration 0022): the input as posted, as JSON. */
  slos: ConfigRowTable;
  alert_state: AlertStateTable;
  job_series: JobSeriesTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  run_jobs: RunJobsTable;
  run_job_counts: RunJobCountsTable;
  alert_work: AlertWorkTable;
  log_tails: LogTailsTable;
  alert_jobs: AlertJobsTable;
  pool_kinds: PoolKindsTable;
  usage_hourly: UsageHourlyTable;
  leases: LeasesTable;
  teams: TeamsTable;
  eta_outcomes: EtaOutcomesTable;
  queue_depth: QueueDepthTable;
}

/** ETAs given and the starts that followed (migration 0021); times in ms since epoch. */
export interface EtaOutcomesTable {
  job_id: string;
  pool: string;
  given_at: number;
  predicted_start: number;
  actual_start: number;
}

/** Queue depth per pool and minute (migration 0021): the most and the last waiting and running. */
export interface QueueDepthTable {
  pool: string;
  minute: number;
  waiting_max: number;
  running_max: number;
  waiting_last: number;
  running_last: number;
}
