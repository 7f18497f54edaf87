/**
 * What the evidence collector reads, and the window a request covers. Every
 * figure comes from one of these: the store (keys, sessions, audit log,
 * stored deliveries), the in-memory delivery window, the route table, the
 * settings in force and the process itself.
 */
import type { AuditVerification } from "../../lib/auth";
import type { Clock } from "../domain/clock";
import type { EventLoopLag } from "../runtime/event-loop";
import type { Settings } from "../settings";
import type { Store } from "../store/store";
import type { DeliveryWindow } from "./delivery-window";

/** A registered route and who may call it (the entry point's route table). */
export interface RouteEntry {
  method: string;
  url: string;
  access: string;
}

/** A webhook endpoint and whether its secret is set. */
export interface SourceEntry {
  source: string;
  configured: boolean;
  secretVariables: readonly string[];
}

/** The settings the evidence reports (none of them secret). */
export type EvidenceSettings = Pick<
  Settings,
  | "authRequired"
  | "retentionDays"
  | "sessionTtlMs"
  | "trustProxy"
  | "publicUrl"
  | "tls"
  | "requestTimeoutMs"
  | "signatureToleranceMs"
  | "metricsPublic"
  | "rateLimits"
  | "bodyLimit"
  | "dataDir"
  | "redisUrl"
>;

/** Dependencies of the collector. */
export interface EvidenceDeps {
  store: Pick<
    Store,
    | "listApiKeys"
    | "listSessions"
    | "listUserSessions"
    | "verifyAudit"
    | "listDeliveryStats"
    | "countAuditActions"
    | "latestAudit"
    | "storedCounts"
    | "databaseBytes"
  >;
  clock: Clock;
  deliveries: DeliveryWindow;
  sources: readonly SourceEntry[];
  /** The route table; read per request (routes are registered after the evidence routes). */
  routes: () => readonly RouteEntry[];
  settings: EvidenceSettings;
  eventLoopLag: () => EventLoopLag;
  /** Live dashboard connections now. */
  dashboards: () => number;
  /** When this process started, ms since epoch. */
  startedAt: number;
  /**
   * Verifies the audit chain against its latest checkpoint outside the
   * database (truncation detected); the store's own check of the chain alone when absent.
   */
  verifyAudit?: () => Promise<AuditVerification>;
}

/** The window one request covers, ms since epoch. */
export interface EvidenceSpan {
  since: number;
  now: number;
}

/** Whole days between two instants. */
export const daysBetween = (from: number, to: number): number => Math.floor((to - from) / 86_400_000);

/** An ISO 8601 time, or null. */
export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();
