/** The audit log slice: append-only, hash-chained; there is no way to change or remove an entry. */
import type { Kysely } from "kysely";
import type { AuditEntry, AuditListResponse, AuditQuery, AuditVerification } from "../../lib/auth";
import type { AuditInput } from "../domain/audit-chain";
import { appendAudit, selectAudit, selectAuditAfter, verifyAuditLog } from "./audit-queries";
import type { Database } from "./schema";

/** The audit log. */
export interface AuditStore {
  /** Appends an entry chained to the newest one; safe against concurrent appenders, in- or out-of-process. */
  appendAudit(input: AuditInput, now: number): Promise<AuditEntry>;
  /** A page of entries, newest first. @throws QueryError for a bad cursor. */
  listAudit(query: AuditQuery): Promise<AuditListResponse>;
  /** Up to `limit` entries after `afterSeq`, oldest first (export and verification read with this). */
  readAuditAfter(afterSeq: number, limit?: number): Promise<AuditEntry[]>;
  /** Verifies the whole chain; reports the first broken link. */
  verifyAudit(): Promise<AuditVerification>;
}

/** The audit slice over a Kysely database. */
export function createAuditStore(db: Kysely<Database>): AuditStore {
  return {
    appendAudit: (input, now) => appendAudit(db, input, now),
    listAudit: (query) => selectAudit(db, query),
    readAuditAfter: (afterSeq, limit) => selectAuditAfter(db, afterSeq, limit),
    verifyAudit: () => verifyAuditLog(db),
  };
}
