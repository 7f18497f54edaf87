/**
 * The audit log as dialect-neutral Kysely queries. There is deliberately no
 * update or delete here: entries are only ever appended, each chained to the
 * one before by `server/domain/audit-chain.ts`.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import type {
  AuditCheckpoint,
  AuditEntry,
  AuditListResponse,
  AuditQuery,
  AuditVerification,
} from "../../lib/auth";
import { auditContent, ChainVerifier, GENESIS_HASH, sealEntry, type AuditInput } from "../domain/audit-chain";
import { judgeAgainstCheckpoint } from "../domain/audit-checkpoint";
import { decodeCursor, encodeCursor } from "./cursor";
import { serialiseTransactions } from "./dialect";
import type { AuditLogTable, Database } from "./schema";

/** Rows read per page while verifying or exporting. */
export const AUDIT_PAGE = 1000;

/** Attempts at an append that lost a race to another writer (e.g. the CLI and the server). */
const APPEND_ATTEMPTS = 5;

/** Escapes LIKE wildcards so the text matches literally. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Maps a row to an entry. Tolerates rows someone has mangled (unparseable
 * details, a non-numeric time) so that verification reports them as broken
 * links instead of crashing.
 */
export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unparseable: String(row.details) };
  }
  const at = new Date(Number(row.at));
  return {
    seq: Number(row.seq),
    at: Number.isNaN(at.getTime()) ? String(row.at) : at.toISOString(),
    actor: row.actor,
    action: row.action as AuditEntry["action"],
    target: row.target,
    ip: row.ip,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends one entry inside the caller's transaction: reads the newest entry,
 * chains onto it (HMAC under `key`) and inserts with `seq` = newest + 1. Must
 * run in a transaction, or a concurrent append could chain onto the same entry.
 */
export async function appendAuditInTransaction(
  trx: Kysely<Database>,
  input: AuditInput,
  now: number,
  key: Buffer,
): Promise<AuditEntry> {
  // Several nodes append to one chain: the head is read and extended by one writer at a time.
  await serialiseTransactions(trx, "audit_log");
  const last = await trx
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const entry = sealEntry(
    last?.hash ?? GENESIS_HASH,
    auditContent(input, Number(last?.seq ?? 0) + 1, now),
    key,
  );
  await trx
    .insertInto("audit_log")
    .values({
      seq: entry.seq,
      at: now,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      ip: entry.ip,
      details: JSON.stringify(entry.details),
      prev_hash: entry.prevHash,
      hash: entry.hash,
    })
    .execute();
  return entry;
}

async function headSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select("seq")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * Appends one entry in its own transaction. Another process appending at the
 * same moment makes the insert fail (the `seq` is taken, or SQLite reports a
 * stale snapshot); the append is then retried onto the new head.
 */
export async function appendAudit(
  db: Kysely<Database>,
  input: AuditInput,
  now: number,
  key: Buffer,
): Promise<AuditEntry> {
  for (let attempt = 1; ; attempt++) {
    const before = await headSeq(db);
    try {
      return await db.transaction().execute((trx) => appendAuditInTransaction(trx, input, now, key));
    } catch (error) {
      // Retry only when someone else moved the head: any other failure is real.
      if (attempt >= APPEND_ATTEMPTS || (await headSeq(db)) === before) throw error;
    }
  }
}

/** One page of entries, newest first. @throws QueryError for a bad cursor. */
export async function selectAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditListResponse> {
  let q = db.selectFrom("audit_log").selectAll();
  if (query.action?.endsWith(".*")) {
    const pattern = likePrefix(query.action.slice(0, -1));
    q = q.where(sql<boolean>`action LIKE ${pattern} ESCAPE '\\'`);
  } else if (query.action) {
    q = q.where("action", "=", query.action);
  }
  if (query.actor) q = q.where("actor", "=", query.actor);
  if (query.since) q = q.where("at", ">=", Date.parse(query.since));
  if (query.until) q = q.where("at", "<", Date.parse(query.until));
  if (query.cursor) q = q.where("seq", "<", decodeCursor(query.cursor).key);
  const rows = await q
    .orderBy("seq", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEntry),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ key: Number(last.seq), id: "audit" }) : null,
  };
}

/** Entries with `seq` greater than `afterSeq`, oldest first: for verifying and exporting page by page. */
export async function selectAuditAfter(
  db: Kysely<Database>,
  afterSeq: number,
  limit = AUDIT_PAGE,
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom("audit_log")
    .selectAll()
    .where("seq", ">", afterSeq)
    .orderBy("seq", "asc")
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}

/** The first `seq` chained with the key, as the database records it (migration 0018). */
export async function selectKeyedFrom(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_chain").select("keyed_from").where("id", "=", 1).executeTakeFirst();
  // No marker row: someone removed it. Treat every entry as keyed; old ones then fail loudly.
  return Number(row?.keyed_from ?? 1);
}

/** The chain's head as a checkpoint would record it (seq 0 and the genesis hash when empty). */
export async function selectAuditHead(db: Kysely<Database>): Promise<Omit<AuditCheckpoint, "at">> {
  const last = await db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0);
  return { seq, count: seq, hash: last?.hash ?? GENESIS_HASH, keyedFrom: await selectKeyedFrom(db) };
}

/**
 * Verifies the whole chain, reading it page by page in `seq` order, with the
 * audit key from the recorded `keyed_from` on, then against `checkpoint`
 * (the latest one kept outside the database; null when there is none).
 */
export async function verifyAuditLog(
  db: Kysely<Database>,
  key: Buffer,
  checkpoint: AuditCheckpoint | null = null,
  pageSize = AUDIT_PAGE,
): Promise<AuditVerification> {
  const keyedFrom = await selectKeyedFrom(db);
  const verifier = new ChainVerifier({ key, from: keyedFrom }, checkpoint?.seq ?? null);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await selectAuditAfter(db, after, pageSize);
    let intact = true;
    for (const entry of page) if (!(intact = verifier.push(entry))) break;
    const last = page.at(-1);
    if (!intact || !last || page.length < pageSize) {
      return judgeAgainstCheckpoint(
        { verification: verifier.result(), keyedFrom, hashAtCheckpoint: verifier.anchorHash() },
        checkpoint,
      );
    }
    after = last.seq;
  }
}
