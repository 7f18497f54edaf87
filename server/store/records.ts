/**
 * The records the store's slices take and give, free of any engine: the
 * SQLite queries produce them and a second engine (PostgreSQL) must too.
 * Kept apart from the slice interfaces so query modules can name them
 * without importing the slices built on top of them.
 */
import type { Alert, AlertDelivery, AlertNotice } from "../../lib/alerts";
import type { ApiKey, Scope, Session } from "../../lib/auth";
import type { Job, JobSource } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import type { AlertDraft, SubjectState } from "../domain/alert-state";
import type { Observations } from "../domain/observations";

/** A record as stored now and as it was before (null when new). */
export interface Change<T> {
  current: T;
  previous: T | null;
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

// ── Deliveries ──────────────────────────────────────────────────────────────

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

// ── Keys and sessions ───────────────────────────────────────────────────────

/** What creating an API key needs. */
export interface NewApiKey {
  /** 1 to 100 characters, trimmed. */
  name: string;
  /** At least one; duplicates are dropped. */
  scopes: readonly Scope[];
  /** Who asked: an admin key id, `cli` or `system`. */
  createdBy: string;
  /** Team names to scope the key to (existence checked by the caller); omitted or [] for none. */
  teams?: readonly string[];
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

// ── Alerting ────────────────────────────────────────────────────────────────

/** A channel or rule as stored: its input as posted (secrets included), id and times in ms. */
export interface ConfigRecord<T> {
  id: string;
  input: T;
  createdAt: number;
  updatedAt: number;
}

/** One notification to record (see `AlertStateStore.recordNotice`). */
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

/** Most pending notifications the outbox holds (past it, the oldest pending are marked failed). */
export const OUTBOX_LIMIT = 10_000;
