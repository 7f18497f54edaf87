/**
 * The storage contract, as a composition of slices. Each slice is a small
 * interface with its own factory beside its queries; consumers take only the
 * slices they use, so a test can hand them a fake of one. `Store` is every
 * slice at once — what `openSqliteStore` returns — and a second engine
 * (PostgreSQL) implements the same slices, one by one.
 */
import type { AlertConfigStore } from "./alert-config-store";
import type { AlertStateStore } from "./alert-state-store";
import type { AlertWorkStore } from "./alert-work-store";
import type { AuditStore } from "./audit-store";
import type { DeliveryStore } from "./delivery-store";
import type { EvidenceReads } from "./evidence-store";
import type { FleetReads } from "./fleet-reads";
import type { JobReads } from "./job-reads";
import type { KeyStore } from "./key-store";
import type { LeaseStore } from "./lease-store";
import type { LogTailStore } from "./log-tail-store";
import type { MaintenanceStore } from "./maintenance-store";
import type { MetricsStore } from "./metrics-store";
import type { OutboxStore } from "./outbox-store";
import type { PrivacyStore } from "./privacy-store";
import type { ReplayStore } from "./replay-store";
import type { QueueIntelStore } from "./queue-intel-store";
import type { RunReads } from "./run-reads";
import type { SessionStore } from "./session-store";
import type { UserStore } from "./user-store";
import type { SloStore } from "./slo-store";
import type { TeamStore } from "./team-store";

export type { AlertConfigStore } from "./alert-config-store";
export type { AlertStateStore } from "./alert-state-store";
export type { AlertWorkScope, AlertWorkStore, AlertWorkTaken } from "./alert-work-store";
export type { AuditStore } from "./audit-store";
export type { DeliveryBatch, DeliveryStore, DeliveryWrites } from "./delivery-store";
export type { AuditActionCount, EvidenceReads, StoredCounts } from "./evidence-store";
export { TransactionLostError } from "./savepoint";
export type { FleetReads } from "./fleet-reads";
export type { JobReads } from "./job-reads";
export type { KeyStore } from "./key-store";
export type { LeaseStore } from "./lease-store";
export type { DueLogFetch, LogTailRecord, LogTailStore } from "./log-tail-store";
export type { MaintenanceStore } from "./maintenance-store";
export type { MetricsStore } from "./metrics-store";
export type { OutboxStore } from "./outbox-store";
export type { ErasureCounts, PrivacyStore } from "./privacy-store";
export type { ReplayStore } from "./replay-store";
export type { RunReads } from "./run-reads";
export type { SessionStore } from "./session-store";
export type { PendingLogin, UserClaims, UserRecord, UserSessionFound, UserStore } from "./user-store";
export type { SloStore } from "./slo-store";
export type { TeamStore } from "./team-store";
export {
  OUTBOX_LIMIT,
  QueryError,
  type AdminBootstrapResult,
  type Change,
  type ConfigRecord,
  type DeliveryAttempt,
  type DeliveryRecord,
  type DueDelivery,
  type NewApiKey,
  type NoticeRecord,
  type RecordOutcome,
  type SessionWithKey,
  type StoredDelivery,
} from "./records";

/** Everything alerting keeps: channels and rules, their state and fired alerts, queued work, and the outbox. */
export interface AlertStore extends AlertConfigStore, AlertStateStore, AlertWorkStore, OutboxStore {}

/** API keys and dashboard sessions. */
export interface AuthStore extends KeyStore, SessionStore, UserStore, TeamStore {}

/** Whether the database answers, and closing it. */
export interface StoreLifecycle {
  /** Resolves when the database answers (readiness probe). */
  ping(): Promise<void>;
  /** Names of the migrations this code has that the database lacks (readiness probe); empty when up to date. */
  pendingMigrations(): Promise<string[]>;
  /** Closes the database; further calls fail. */
  close(): Promise<void>;
}

/** Durable storage of deliveries, jobs, credentials and the audit log: every slice at once. */
export interface Store
  extends
    DeliveryStore,
    JobReads,
    RunReads,
    FleetReads,
    MetricsStore,
    AlertStore,
    AuthStore,
    AuditStore,
    ReplayStore,
    MaintenanceStore,
    PrivacyStore,
    LogTailStore,
    LeaseStore,
    EvidenceReads,
    SloStore,
    QueueIntelStore,
    StoreLifecycle {}
