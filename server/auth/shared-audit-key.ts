/**
 * The audit key when several nodes share one PostgreSQL chain. Each node
 * appends to the same hash chain, so each must hold the same key: a node that
 * quietly generated its own (`<data dir>/audit-key`) would write entries the
 * other nodes' `audit verify` reports as edited. On PostgreSQL the key is
 * therefore required from the setting, and checked against the chain before
 * the node writes to it.
 */
import { keyedChainHash } from "../domain/audit-chain";
import { AUDIT_KEY_FILE, loadAuditKey } from "../runtime/audit-key";
import type { AuditStore } from "../store/store";

/** Thrown when a node cannot be given the audit key its peers chain with; the message says how to fix it. */
export class AuditKeyError extends Error {
  override name = "AuditKeyError";
}

/** What {@link sharedAuditKey} reads of the settings. */
export interface AuditKeySettings {
  dataDir: string;
  databaseUrl: string | null;
  audit: { key: string | undefined };
}

/** The message for a node on PostgreSQL without `RUNWATCH_AUDIT_KEY`. */
export function missingSharedKeyMessage(dataDir: string): string {
  return (
    "RUNWATCH_AUDIT_KEY is required with DATABASE_URL: every node on one PostgreSQL database " +
    "appends to one audit chain and must share its key (a key generated per node breaks the " +
    "other nodes' `audit verify`). New install: give every node the same value, e.g. " +
    "`openssl rand -hex 32`. Moved from SQLite without RUNWATCH_AUDIT_KEY: the key is the content " +
    `of ${dataDir}/${AUDIT_KEY_FILE} on the old install; set RUNWATCH_AUDIT_KEY=hex:<that content> ` +
    "on every node."
  );
}

/**
 * The audit key of this process: the setting; without one, on SQLite the
 * data folder's key file (created at first start), on PostgreSQL none.
 * @throws AuditKeyError when `DATABASE_URL` is set and `RUNWATCH_AUDIT_KEY` is not.
 */
export function sharedAuditKey(settings: AuditKeySettings): Buffer {
  if (settings.databaseUrl !== null && !settings.audit.key) {
    throw new AuditKeyError(missingSharedKeyMessage(settings.dataDir));
  }
  return loadAuditKey(settings.dataDir, settings.audit.key);
}

/**
 * Checks that `key` is the key the chain's newest keyed entry was written
 * with (one HMAC, whatever the log's length). An empty chain, or one with no
 * keyed entry yet, fits any key.
 * @throws AuditKeyError naming the entry when it does not verify under `key`.
 */
export async function checkAuditKeyFitsChain(
  audit: Pick<AuditStore, "auditHead" | "readAuditAfter">,
  key: Buffer,
): Promise<void> {
  const head = await audit.auditHead();
  if (head.seq === 0 || head.seq < head.keyedFrom) return;
  const [newest] = await audit.readAuditAfter(head.seq - 1, 1);
  if (!newest || newest.seq !== head.seq) return; // Appended meanwhile is fine; the gap is verify's to judge.
  if (keyedChainHash(key, newest.prevHash, newest) === newest.hash) return;
  throw new AuditKeyError(
    `RUNWATCH_AUDIT_KEY does not verify the audit chain's newest entry (seq ${newest.seq}): this ` +
      "node's key is not the one the other nodes chain with (or that entry was altered; " +
      "`npm run runwatch -- audit verify` on a node with the right key tells which). Give every " +
      "node the same RUNWATCH_AUDIT_KEY.",
  );
}
