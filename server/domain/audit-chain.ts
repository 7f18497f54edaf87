/**
 * The audit log's hash chain, as pure functions: canonical serialisation,
 * hashing, and verification that finds the first broken link.
 *
 * Each entry's hash covers the previous entry's hash and the entry's own
 * content (including its `seq`), so editing, deleting or reordering any entry
 * breaks the chain at that point. Entries from `keyedFrom` on are chained
 * with HMAC-SHA256 under the audit key, so someone with the database but not
 * the key cannot recompute the hashes after an edit. What a chain alone
 * cannot show is the loss of its newest entries: checkpoints of its head,
 * kept outside the database (`audit-checkpoint.ts`), cover that.
 */
import { createHash, createHmac } from "node:crypto";
import type { AuditEntry, AuditProblem, AuditVerification } from "../../lib/auth";

/** `prevHash` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The hashed part of an entry: everything but `prevHash` and `hash`. */
export type AuditContent = Omit<AuditEntry, "prevHash" | "hash">;

/**
 * Deterministic JSON: object keys sorted by UTF-16 code unit, no whitespace,
 * numbers and strings as `JSON.stringify` writes them (the same output as
 * RFC 8785 for JSON values). `undefined` members are dropped, as in JSON.
 * @throws TypeError for values JSON cannot hold (bigint, functions, non-finite numbers).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
      return `{${members.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Lowercase hex HMAC-SHA256 of a UTF-8 string. */
export function hmacHex(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text, "utf8").digest("hex");
}

/** The text an entry's hash covers: the previous hash, a newline, the canonical content. */
function hashedText(prevHash: string, content: AuditContent): string {
  const { seq, at, actor, action, target, ip, details } = content;
  return `${prevHash}\n${canonicalJson({ seq, at, actor, action, target, ip, details })}`;
}

/** The hash an unkeyed entry (before `keyedFrom`) with this content must carry when it follows `prevHash`. */
export function chainHash(prevHash: string, content: AuditContent): string {
  return sha256Hex(hashedText(prevHash, content));
}

/** The hash a keyed entry with this content must carry when it follows `prevHash`. */
export function keyedChainHash(key: Buffer, prevHash: string, content: AuditContent): string {
  return hmacHex(key, hashedText(prevHash, content));
}

/**
 * Completes an entry: links it to `prevHash` and computes its hash, keyed
 * with `key` when given (every new entry is), plain SHA-256 otherwise.
 */
export function sealEntry(prevHash: string, content: AuditContent, key?: Buffer): AuditEntry {
  const hash = key ? keyedChainHash(key, prevHash, content) : chainHash(prevHash, content);
  return { ...content, prevHash, hash };
}

/** How a chain is keyed: entries with `seq >= from` carry HMACs under `key`. */
export interface ChainKeying {
  key: Buffer;
  from: number;
}

/**
 * Verifies entries fed in `seq` order, one at a time, so a long log can be
 * checked page by page. After the first break it ignores further entries.
 */
export class ChainVerifier {
  private count = 0;
  private last: { seq: number; hash: string } | null = null;
  private broken: { brokenAt: number; reason: string; problem: AuditProblem } | null = null;
  private anchored: string | null = null;

  /**
   * @param keying the key and first keyed `seq`; without it every entry is plain SHA-256.
   * @param anchorSeq a `seq` whose verified hash {@link anchorHash} reports (a checkpoint's).
   */
  constructor(
    private readonly keying: ChainKeying | null = null,
    private readonly anchorSeq: number | null = null,
  ) {}

  /** The hash of `anchorSeq` if the chain reached it intact, else null. */
  anchorHash(): string | null {
    return this.anchored;
  }

  /** Checks the next entry; returns false once the chain is broken. */
  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const expectedSeq = this.last ? this.last.seq + 1 : 1;
    const expectedPrev = this.last ? this.last.hash : GENESIS_HASH;
    const after = this.last ? `seq ${this.last.seq}` : "the start of the log";
    if (entry.seq !== expectedSeq) {
      this.broken = {
        brokenAt: entry.seq,
        problem: entry.seq > expectedSeq ? "missing" : "reordered",
        reason:
          entry.seq > expectedSeq
            ? `seq ${entry.seq} follows ${after}: ${entry.seq - expectedSeq} entr${entry.seq - expectedSeq === 1 ? "y is" : "ies are"} missing`
            : `seq ${entry.seq} follows ${after}: entries are out of order or repeated`,
      };
    } else if (entry.prevHash !== expectedPrev) {
      this.broken = {
        brokenAt: entry.seq,
        problem: "edited",
        reason: `prev_hash of seq ${entry.seq} does not match the hash of ${after}: an earlier entry was edited, replaced or removed`,
      };
    } else {
      this.broken = this.checkHash(entry, expectedPrev);
    }
    if (this.broken) return false;
    this.count += 1;
    this.last = { seq: entry.seq, hash: entry.hash };
    if (entry.seq === this.anchorSeq) this.anchored = entry.hash;
    return true;
  }

  private checkHash(entry: AuditEntry, prevHash: string): ChainVerifier["broken"] {
    const keying = this.keying && entry.seq >= this.keying.from ? this.keying : null;
    if (!keying) {
      return entry.hash === chainHash(prevHash, entry)
        ? null
        : {
            brokenAt: entry.seq,
            problem: "edited",
            reason: `hash of seq ${entry.seq} does not match its content: the entry was edited`,
          };
    }
    if (entry.hash === keyedChainHash(keying.key, prevHash, entry)) return null;
    // A plain SHA-256 that matches is the mark of someone who rebuilt the chain without the key.
    return entry.hash === chainHash(prevHash, entry)
      ? {
          brokenAt: entry.seq,
          problem: "recomputed",
          reason: `hash of seq ${entry.seq} is a plain SHA-256, not the HMAC under the audit key: the chain was recomputed by someone without the key`,
        }
      : {
          brokenAt: entry.seq,
          problem: "edited",
          reason: `hash of seq ${entry.seq} does not match its content under the audit key: the entry was edited (or the key is not the one it was written with)`,
        };
  }

  /** The verdict so far. `count` is the number of entries verified intact. */
  result(): AuditVerification {
    return this.broken
      ? { ok: false, count: this.count, ...this.broken }
      : { ok: true, count: this.count, head: this.last };
  }
}

/** Verifies a whole chain given in `seq` order; reports the first broken link. */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  keying: ChainKeying | null = null,
): AuditVerification {
  const verifier = new ChainVerifier(keying);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}

/** What a caller supplies to record an event; the store adds `seq`, `at` and the hashes. */
export interface AuditInput {
  /** An API key id, or `cli` / `system` / `anonymous`. */
  actor: string;
  action: AuditEntry["action"];
  /** What was acted on (a key id, a rule id, a webhook source…). */
  target?: string | null;
  /** Client address, when the event came from a request. */
  ip?: string | null;
  /** JSON-safe facts about the event. Never put a secret here: anything shaped like one is masked. */
  details?: Record<string, unknown>;
}

const MAX_TEXT = 1000;
// Our own key and session formats, and bearer-looking strings, so a careless caller cannot log a credential.
const SECRET_PATTERN = /\b(rws?_)[A-Za-z0-9_-]{16,}/g;

const clip = (text: string, max = MAX_TEXT) =>
  text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
const mask = (text: string) => clip(text.replace(SECRET_PATTERN, (_m, kind: string) => `${kind}[redacted]`));

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return mask(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[too deep]";
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .slice(0, 100)
      .map(([k, v]) => [clip(k, 100), scrub(v, depth + 1)]),
  );
}

/**
 * The content an input will be stored and hashed as: details reduced to plain
 * JSON (a round trip, so what is read back hashes the same), long strings
 * clipped, credential-shaped strings masked.
 */
export function auditContent(input: AuditInput, seq: number, atMs: number): AuditContent {
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as unknown;
  const scrubbed = scrub(
    details !== null && typeof details === "object" && !Array.isArray(details) ? details : {},
    0,
  );
  return {
    seq,
    at: new Date(atMs).toISOString(),
    actor: clip(input.actor, 200),
    action: input.action,
    target: input.target == null ? null : mask(input.target),
    ip: input.ip == null ? null : clip(input.ip, 100),
    details: scrubbed as Record<string, unknown>,
  };
}
