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
import type { AuditInput } from "../domain/audit-chain";

/** What the ingest service hands the store for one verified delivery. */
export interface DeliveryRecord {
  source: JobSource;
  /** The vendor's delivery id (or a key derived from the body); unique per source. */
  deliveryId: string;
  event: string;
  kind: "job" | "ignored" | "ping";
  receivedAt: number;
  /** The raw body exactly as received, kept so deliveries can be re-processed later. */
  body: string;
  /** For `kind: "job"`: the job this delivery reports. */
  jobId?: string;
  /**
   * For `kind: "job"`: combines the currently stored job (or null) with this
   * delivery's observation. Runs inside the store's transaction.
   */
  merge?: (current: Job | null) => Job;
}

/** Result of recording a delivery. */
export interface RecordOutcome {
  /** True when this delivery id was already stored: nothing else was written. */
  duplicate: boolean;
  /** The job as now stored, when the delivery was a new job event (null for a duplicate). */
  job: Job | null;
  /** The job as stored before this delivery (null when new, or for a duplicate). */
  previous: Job | null;
  /** True when the stored job changed (so listeners should be told). */
  changed: boolean;
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

/** Durable storage of deliveries, jobs, credentials and the audit log. */
export interface Store {
  /**
   * Atomically: dedupes the delivery, stores it raw, and (for job events)
   * merges and stores the job. Resolves only once the write is durable.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** One job by id, or null. */
  getJob(id: string): Promise<Job | null>;
  /** A page of jobs matching the query, newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery): Promise<JobListResponse>;

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
