/** The evidence slice: read-only aggregates for the evidence page (`server/evidence`). */
import type { Kysely } from "kysely";
import type { AuditAction, AuditEntry } from "../../lib/auth";
import {
  countAuditActions,
  selectLatestAudit,
  selectStoredCounts,
  type AuditActionCount,
  type StoredCounts,
} from "./evidence-queries";
import { selectDatabaseBytes } from "./database-size";
import type { Database } from "./schema";

export type { AuditActionCount, StoredCounts } from "./evidence-queries";

/** Reads for the evidence page. */
export interface EvidenceReads {
  /** Audit entries per action recorded since `sinceMs` (ms since epoch). */
  countAuditActions(sinceMs: number): Promise<Map<AuditAction, AuditActionCount>>;
  /** The newest audit entry of an action, or null when there is none. */
  latestAudit(action: AuditAction): Promise<AuditEntry | null>;
  /** Jobs, deliveries, jobs without their raw delivery, lost jobs since `sinceMs`, the outbox depth. */
  storedCounts(sinceMs: number): Promise<StoredCounts>;
  /** The database's size in bytes as PostgreSQL reports it; null on SQLite (measure its files in the data folder). */
  databaseBytes(): Promise<number | null>;
}

/** The evidence slice over a Kysely database. */
export function createEvidenceReads(db: Kysely<Database>): EvidenceReads {
  return {
    countAuditActions: (sinceMs) => countAuditActions(db, sinceMs),
    latestAudit: (action) => selectLatestAudit(db, action),
    storedCounts: (sinceMs) => selectStoredCounts(db, sinceMs),
    databaseBytes: () => selectDatabaseBytes(db),
  };
}
