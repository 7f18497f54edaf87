/**
 * The storage interface. Everything above the store speaks only this; the
 * SQLite implementation is the default, and PostgreSQL will implement the
 * same contract for scale-out.
 */
import type { JobListResponse, JobQuery } from "../../lib/api";
import type {
  ApiKey,
  AuditEntry,
  AuditListResponse,
  AuditQuery,
  AuditVerification,
  Scope,
  Session,
} from "../../lib/auth";
import type { Job, JobSource } from "../../lib/job";
import type { RunDetail, RunListResponse, PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import type { RunQuery } from "../../lib/api";
import type { AuditInput } from "../domain/audit-chain";
import type { Observations } from "../ingest/source";
import type { Dimension, FailureGroup, FAILURE_GROUPS } from "../../lib/metrics";
import type { Aggregate } from "../domain/metric-aggregate";
import type { FinishedFact, RunnerActivity, WorkflowStats } from "./metric-lists";
import type { BucketedAggregates } from "./metric-queries";
import type { SketchNeed } from "./metric-rollups";
import type { DimensionFilter } from "./metric-scan";
import type {
  Alert,
  AlertDelivery,
  AlertListResponse,
  AlertNotice,
  AlertRuleInput,
  ChannelInput,
} from "../../lib/alerts";
import type { AlertDraft } from "../alerts/draft";
import type { SeriesState } from "../alerts/job-state";
import type { SubjectState } from "../alerts/throttle";

/** What the ingest service hands the store for one verified delivery. */
export interface DeliveryRecord {
  source: JobSource;
  /** The vendor's delivery id (or a key derived from the event or body); unique per source. */
  deliveryId: string;
  event: string;
  kind: "data" | "ignored";
  receivedAt: number;
  /** The raw body exactly as received, kept so deliveries can be re-processed later. */
  body: string;
  /** What the delivery reports (empty for `ignored`). */
  observations: Observations;
}

/** A record as stored now and as it was before (null when new). */
export interface Change<T> {
  current: T;
  previous: T | null;
}

/** Result of recording a delivery. */
export interface RecordOutcome {
  /** True when this delivery id was already stored: nothing but the duplicate count was written. */
  duplicate: boolean;
  /** Jobs, runs and runners this delivery changed (unchanged ones are left out). */
  jobs: Change<Job>[];
  runs: Change<PipelineRun>[];
  runners: Change<Runner>[];
  /** The source's delivery counts after this delivery. */
  stats: DeliveryStats;
}

/** A stored delivery, for replay. */
export interface StoredDelivery {
  seq: number;
  source: JobSource;
  deliveryId: string;
  event: string;
  receivedAt: number;
  body: string;
}

/** Thrown when a query is well-formed JSON but cannot be served (e.g. a forged cursor). */
export class QueryError extends Error {
  override name = "QueryError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** What creating an API key needs. */
export interface NewApiKey {
  /** 1 to 100 characters, trimmed. */
  name: string;
  /** At least one; duplicates are dropped. */
  scopes: readonly Scope[];
  /** Who asked: an admin key id, `cli` or `system`. */
  createdBy: string;
}

/** What first start did about the admin credential (see `planAdminBootstrap`). */
export interface AdminBootstrapResult {
  /** The key registered or generated now; null when an admin key already existed. */
  created: ApiKey | null;
  /** The generated secret, to print ONCE; null when nothing was generated (a configured token is never echoed). */
  secret: string | null;
  /** Something the operator should be told (e.g. the configured token is ignored). */
  warning: string | null;
}

/** A valid session and the key it was opened with. */
export interface SessionWithKey {
  session: Session;
  key: ApiKey;
}

/**
 * Metric reads and roll-up upkeep (see `metric-queries.ts`). Windows are
 * [from, to) in ms; filters are exact dimension matches.
 */
export interface MetricsStore {
  /** Rebuilds every stale hourly roll-up; resolves with how many hours were rebuilt. One at a time. */
  refreshMetrics(): Promise<number>;
  /** Bulk-writes final job states (benchmarks, imports); ids already stored are left as they are. */
  importJobs(jobs: readonly Job[]): Promise<void>;
  /** Every job in the window as one aggregate (call `refreshMetrics` first for up-to-date roll-ups). */
  aggregateWindow(filter: DimensionFilter, from: number, to: number): Promise<Aggregate>;
  /** Aggregates per bucket (from aligned by the caller), per value of `groupBy` when given. */
  aggregateBuckets(
    filter: DimensionFilter,
    from: number,
    to: number,
    bucketMs: number,
    groupBy: Dimension | null,
    /** Sketches to read (default both); counts are always there. */
    need?: SketchNeed,
  ): Promise<BucketedAggregates>;
  /** Active jobs now. */
  countActiveJobs(filter: DimensionFilter): Promise<{ running: number; queued: number; lost: number }>;
  /** Failed jobs in the window plus lost ones, grouped, with the latest `sample` jobs of each group. */
  failureGroups(
    filter: DimensionFilter,
    from: number,
    to: number,
    groupBy: (typeof FAILURE_GROUPS)[number],
    sample: number,
  ): Promise<{ total: number; groups: FailureGroup[] }>;
  /**
   * Jobs that finished in the window as success, failure or timed_out, on commits where the
   * same job both failed and passed (the flaky rule's candidates).
   */
  finishedFacts(filter: DimensionFilter, from: number, to: number): Promise<FinishedFact[]>;
  /** Per workflow (key `JSON.stringify([repo, workflow])`): counts and exact p50/p95 of durations. */
  workflowStats(filter: DimensionFilter, from: number, to: number): Promise<Map<string, WorkflowStats>>;
  /** Runs on these branches created in the window. */
  runsOnBranches(
    filter: DimensionFilter,
    branches: readonly string[],
    from: number,
    to: number,
  ): Promise<PipelineRun[]>;
  /** Jobs waiting for a runner now, oldest first (at most 5,000). */
  waitingJobs(filter: DimensionFilter): Promise<Job[]>;
  /** Jobs running at any time in the window. */
  runnerActivity(filter: DimensionFilter, from: number, to: number): Promise<RunnerActivity[]>;
}

/** A channel or rule as stored: its input as posted (secrets included), id and times in ms. */
export interface ConfigRecord<T> {
  id: string;
  input: T;
  createdAt: number;
  updatedAt: number;
}

/** One notification to record (see `AlertStore.recordNotice`). */
export interface NoticeRecord {
  ruleId: string;
  subject: string;
  /** The subject's throttle state after the notice; undefined clears it (resolved). */
  state: SubjectState | undefined;
  /** The alert as it now is (`id` null: a new alert, the store assigns the id). */
  alert: AlertDraft;
  notice: AlertNotice;
  /** Channels to notify: one outbox row each. */
  channelIds: readonly string[];
  now: number;
}

/** A pending outbox row with what sending it needs. */
export interface DueDelivery {
  delivery: AlertDelivery;
  /** The alert as it was when the notification was queued. */
  alert: Alert;
}

/** The outcome of one send attempt. */
export interface DeliveryAttempt {
  status: AlertDelivery["status"];
  attempts: number;
  lastError: string | null;
  /** ms; null unless status is pending. */
  nextAttemptAt: number | null;
  /** ms; set when sent. */
  sentAt: number | null;
}

/**
 * Alerting: channels and rules (inputs as posted), throttle and job-series
 * state, fired alerts, and the notification outbox. The outbox is bounded:
 * past `OUTBOX_LIMIT` pending rows the oldest pending are marked failed.
 */
export interface AlertStore {
  createChannel(input: ChannelInput, now: number): Promise<ConfigRecord<ChannelInput>>;
  /** Oldest first. */
  listChannels(): Promise<ConfigRecord<ChannelInput>[]>;
  getChannel(id: string): Promise<ConfigRecord<ChannelInput> | null>;
  /** Replaces the stored input; null when unknown. */
  replaceChannel(id: string, input: ChannelInput, now: number): Promise<ConfigRecord<ChannelInput> | null>;
  /** False when unknown. Rules naming it keep the id (they skip a channel that is gone). */
  deleteChannel(id: string): Promise<boolean>;

  createRule(input: AlertRuleInput, now: number): Promise<ConfigRecord<AlertRuleInput>>;
  /** Oldest first. */
  listRules(): Promise<ConfigRecord<AlertRuleInput>[]>;
  getRule(id: string): Promise<ConfigRecord<AlertRuleInput> | null>;
  replaceRule(id: string, input: AlertRuleInput, now: number): Promise<ConfigRecord<AlertRuleInput> | null>;
  /** Also forgets the rule's throttle state. False when unknown. */
  deleteRule(id: string): Promise<boolean>;

  /** The last outcome of a job series (`seriesKey`), or null. */
  getSeriesState(key: string): Promise<SeriesState | null>;
  putSeriesState(key: string, state: SeriesState): Promise<void>;
  /** Every subject's throttle state of a rule. */
  getAlertStates(ruleId: string): Promise<Map<string, SubjectState>>;
  /** The rule's open (firing) alert about this subject, or null. */
  openAlert(ruleId: string, subject: string): Promise<Alert | null>;
  /**
   * Atomically: stores the throttle state, inserts or updates the alert, and
   * queues one outbox row per channel. Resolves with the alert as stored.
   */
  recordNotice(record: NoticeRecord): Promise<Alert>;
  /** Fired alerts newest first, each with its deliveries. @throws QueryError for a bad cursor. */
  listAlerts(query: { cursor?: string; limit: number }): Promise<AlertListResponse>;
  /** Pending outbox rows due at `now`, oldest first. */
  dueDeliveries(now: number, limit: number): Promise<DueDelivery[]>;
  /** Records a send attempt on an outbox row. */
  recordAttempt(id: string, attempt: DeliveryAttempt): Promise<void>;
  /** When the next pending row is due (ms), or null when none is pending. */
  nextDueAt(): Promise<number | null>;
}

/** Most pending notifications the outbox holds. */
export const OUTBOX_LIMIT = 10_000;

/** Durable storage of deliveries, jobs, credentials and the audit log. */
export interface Store extends MetricsStore, AlertStore {
  /**
   * Atomically: dedupes the delivery, stores it raw, and (for job events)
   * merges and stores the job. Resolves only once the write is durable.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** One job by id, or null. */
  getJob(id: string): Promise<Job | null>;
  /** A page of jobs matching the query, newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery): Promise<JobListResponse>;

  // ── Delivery health ───────────────────────────────────────────────────────

  /** Counts one refused delivery (nothing else is stored); resolves with the source's counts. */
  countDelivery(source: JobSource, outcome: DeliveryOutcome, at: number): Promise<DeliveryStats>;
  /** Delivery counts of every source that has had a delivery. */
  listDeliveryStats(): Promise<DeliveryStats[]>;
  /** How many active jobs are flagged lost, per source. */
  countLostJobs(): Promise<Partial<Record<JobSource, number>>>;

  // ── Runs and runners ──────────────────────────────────────────────────────

  /** A page of runs, newest first, each with a count of its jobs by status. @throws QueryError */
  listRuns(query: RunQuery): Promise<RunListResponse>;
  /** One run with all its jobs, or null. */
  getRun(id: string): Promise<RunDetail | null>;
  /** Every runner, as stored (time-based offline is decided by the caller with `effectiveRunner`). */
  listRunners(): Promise<Runner[]>;

  // ── Background checks and maintenance ─────────────────────────────────────

  /**
   * Flags active jobs with no event since `cutoffMs` as lost (at most `limit`
   * per call); resolves with the jobs changed.
   */
  flagLostJobs(cutoffMs: number, now: number, limit?: number): Promise<Change<Job>[]>;
  /** Up to `limit` stored deliveries after `afterSeq`, oldest first (replay reads with this). */
  readDeliveriesAfter(afterSeq: number, limit: number): Promise<StoredDelivery[]>;
  /** How many deliveries are stored (progress of a replay). */
  countDeliveries(): Promise<number>;
  /**
   * Re-applies one stored delivery's observations. A job or run not yet
   * touched in this replay `generation` is rebuilt from nothing, so the end
   * result is what the current normalisers make of every delivery.
   */
  reapplyDelivery(delivery: StoredDelivery, observations: Observations, generation: string): Promise<void>;

  // ── API keys ──────────────────────────────────────────────────────────────
  // Secrets are hashed before they are stored and are never returned again.

  /** Creates a key. `secret` is the only copy: show it once. @throws Error for a bad name or scopes. */
  createApiKey(input: NewApiKey, now: number): Promise<{ key: ApiKey; secret: string }>;
  /** Every key, newest first, revoked ones included. */
  listApiKeys(): Promise<ApiKey[]>;
  /** One key by id, revoked or not. */
  getApiKey(id: string): Promise<ApiKey | null>;
  /** The unrevoked key with this secret, or null. Does not record a use: call `touchApiKey`. */
  findApiKeyBySecret(secret: string): Promise<ApiKey | null>;
  /** Records a use (to the minute); `firstUse` is true exactly once per key, for `key.first_use`. */
  touchApiKey(id: string, now: number): Promise<{ firstUse: boolean }>;
  /** Revokes a key and all its sessions; false when unknown or already revoked. */
  revokeApiKey(id: string, now: number): Promise<boolean>;
  /**
   * First start: when no unrevoked admin key exists, registers
   * `configuredToken` (RUNWATCH_ADMIN_TOKEN) or generates a key, and records
   * `key.created` (actor `system`). @throws Error when `configuredToken` is
   * shorter than `MIN_ADMIN_TOKEN_LENGTH`.
   */
  ensureAdminKey(configuredToken: string | undefined, now: number): Promise<AdminBootstrapResult>;

  // ── Sessions ──────────────────────────────────────────────────────────────

  /** Opens a dashboard session; `token` goes in the cookie and is not stored. @throws Error for a revoked key. */
  createSession(keyId: string, ttlMs: number, now: number): Promise<{ token: string; session: Session }>;
  /** The session this token opens; null when unknown, expired, revoked, or its key is revoked. */
  findSession(token: string, now: number): Promise<SessionWithKey | null>;
  /** Sessions newest first; with `activeAt`, only those valid then. */
  listSessions(options?: { keyId?: string; activeAt?: number }): Promise<Session[]>;
  /** Revokes one session; false when unknown or already revoked. */
  revokeSession(id: string, now: number): Promise<boolean>;
  /** Revokes every session of a key; resolves with how many. */
  revokeSessionsForKey(keyId: string, now: number): Promise<number>;

  // ── Audit log (append-only: there is no way to change or remove an entry) ──

  /** Appends an entry chained to the newest one; safe against concurrent appenders, in- or out-of-process. */
  appendAudit(input: AuditInput, now: number): Promise<AuditEntry>;
  /** A page of entries, newest first. @throws QueryError for a bad cursor. */
  listAudit(query: AuditQuery): Promise<AuditListResponse>;
  /** Up to `limit` entries after `afterSeq`, oldest first (export and verification read with this). */
  readAuditAfter(afterSeq: number, limit?: number): Promise<AuditEntry[]>;
  /** Verifies the whole chain; reports the first broken link. */
  verifyAudit(): Promise<AuditVerification>;

  // ── Retention ─────────────────────────────────────────────────────────────

  /** Deletes jobs (and labels) created and last updated before the cutoff, and deliveries received before it. */
  purgeJobsBefore(cutoffMs: number): Promise<{ jobs: number; deliveries: number }>;

  /** Resolves when the database answers (readiness probe). */
  ping(): Promise<void>;
  /** Closes the database; further calls fail. */
  close(): Promise<void>;
}
