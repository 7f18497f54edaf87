/** The audit log slice: append-only, hash-chained; there is no way to change or remove an entry. */
import type { Kysely } from "kysely";
import type {
  AuditCheckpoint,
  AuditEntry,
  AuditListResponse,
  AuditQuery,
  AuditVerification,
} from "../../lib/auth";
import type { AuditInput } from "../domain/audit-chain";
import { appendAudit, selectAudit, selectAuditAfter, selectAuditHead, verifyAuditLog } from "./audit-queries";
import type { Database } from "./schema";

/** The audit log. */
export interface AuditStore {
  /** Appends an entry chained to the newest one; safe against concurrent appenders, in- or out-of-process. */
  appendAudit(input: AuditInput, now: number): Promise<AuditEntry>;
  /** A page of entries, newest first. @throws QueryError for a bad cursor. */
  listAudit(query: AuditQuery): Promise<AuditListResponse>;
  /** Up to `limit` entries after `afterSeq`, oldest first (export and verification read with this). */
  readAuditAfter(afterSeq: number, limit?: number): Promise<AuditEntry[]>;
  /**
   * Verifies the whole chain (HMACs under the audit key from the keyed scheme's
   * start), then against `checkpoint`, the latest one kept outside the
   * database: reports the first broken link, truncation or rewrite.
   */
  verifyAudit(checkpoint?: AuditCheckpoint | null): Promise<AuditVerification>;
  /** The head a checkpoint records now (seq 0, genesis hash when the log is empty). */
  auditHead(): Promise<Omit<AuditCheckpoint, "at">>;
  /** The stored hash of entry `seq`, null when there is none. */
  auditHashAt(seq: number): Promise<string | null>;
}

/** The audit slice over a Kysely database; `key` is the chain's HMAC key (never stored in it). */
export function createAuditStore(db: Kysely<Database>, key: Buffer): AuditStore {
  return {
    appendAudit: (input, now) => appendAudit(db, input, now, key),
    listAudit: (query) => selectAudit(db, query),
    readAuditAfter: (afterSeq, limit) => selectAuditAfter(db, afterSeq, limit),
    verifyAudit: (checkpoint) => verifyAuditLog(db, key, checkpoint ?? null),
    auditHead: () => selectAuditHead(db),
    auditHashAt: async (seq) =>
      (await db.selectFrom("audit_log").select("hash").where("seq", "=", seq).executeTakeFirst())?.hash ??
      null,
  };
}
