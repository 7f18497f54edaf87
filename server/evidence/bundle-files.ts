/**
 * The small files of an evidence bundle: the settings in force with every
 * secret redacted, the keys-and-roles listing, and the chain proof. Each is
 * a pure function of what the server already holds.
 */
import type { ApiKey, AuditCheckpoint, AuditEntry, AuditVerification } from "../../lib/auth";
import { SCOPES } from "../../lib/auth";

/** What replaces a secret's value. */
export const REDACTED = "[redacted]";

// A value under a name like these is a secret, whatever its shape (`secrets`,
// `key`, `token`, `pass`, `password`, `adminToken`, `RUNWATCH_GITHUB_SECRET`).
const SECRET_NAME = /secret|token|password|^pass$|^key$|privatekey|apikey/i;

/** `scheme://user:password@host…` with the password (and query values named like secrets) redacted. */
export function redactUrl(text: string): string {
  const userinfo = text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^@/\s]*@/i, `$1:${REDACTED}@`);
  return userinfo.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) =>
    SECRET_NAME.test(name) ? `${sep}${name}=${REDACTED}` : whole,
  );
}

/**
 * A JSON copy of `value` with every secret redacted: any value under a
 * secret-like name becomes `"[redacted]"` (unset ones stay null, so "is it
 * set?" still reads), and any URL loses its password. Sets become arrays;
 * functions are dropped.
 */
export function redactSettings(value: unknown, name = ""): unknown {
  if (value === undefined || typeof value === "function") return undefined;
  if (SECRET_NAME.test(name) && value !== null && typeof value !== "object") return REDACTED;
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return redactUrl(value);
  const hidden = SECRET_NAME.test(name);
  if (Array.isArray(value) || value instanceof Set) {
    return [...value].map((item) => (hidden ? REDACTED : redactSettings(item)));
  }
  if (value instanceof Map) return redactSettings(Object.fromEntries(value), name);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Under a secret name (`secrets: { RUNWATCH_GITHUB_SECRET: … }`) every leaf is hidden.
    const leaf = item !== null && item !== undefined && typeof item !== "object";
    const copy = hidden && leaf ? REDACTED : redactSettings(item, key);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/** keys.json: every key ever created (revoked ones too) and the scopes there are; never a secret or its prefix. */
export function keysListing(keys: readonly ApiKey[]): unknown {
  return {
    scopes: SCOPES,
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      scopes: key.scopes,
      createdBy: key.createdBy,
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
    })),
  };
}

/** What the audit pass learned about the period, for chain-proof.json. */
export interface PeriodChain {
  /** The newest entry before the period: its `hash` is the period's first `prevHash`. */
  before: Pick<AuditEntry, "seq" | "hash"> | null;
  first: Pick<AuditEntry, "seq" | "prevHash"> | null;
  last: Pick<AuditEntry, "seq" | "hash"> | null;
  entries: number;
}

/**
 * chain-proof.json: the chain's head when the bundle was made, the entry
 * before the period (so the period's links re-verify on their own), the
 * period's first and last, the latest checkpoint kept outside the database,
 * and the server's verification of the whole chain against it.
 */
export function chainProof(input: {
  head: Omit<AuditCheckpoint, "at">;
  period: PeriodChain;
  checkpoint: AuditCheckpoint | null;
  verification: AuditVerification;
}): unknown {
  return {
    head: { seq: input.head.seq, hash: input.head.hash, keyedFrom: input.head.keyedFrom },
    entryBeforePeriod: input.period.before,
    periodFirst: input.period.first,
    periodLast: input.period.last,
    periodEntries: input.period.entries,
    latestCheckpoint: input.checkpoint,
    verification: input.verification,
    howToCheck:
      "Each line of audit.jsonl has prevHash equal to the hash of the line before it; the first line's " +
      "prevHash equals entryBeforePeriod.hash (64 zeros when null). Recomputing the hashes of entries from " +
      "head.keyedFrom on needs the audit key (HMAC-SHA256); `verification` is the server's run with it.",
  };
}
