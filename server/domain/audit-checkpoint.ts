/**
 * Checkpoints of the audit chain's head, as pure functions: signing and
 * reading a checkpoint line, judging a verified chain against the latest
 * checkpoint, and the RFC 5424 syslog form.
 *
 * A checkpoint is kept where the database operator has no hand (an
 * append-only file, a webhook receiver, syslog). The chain alone cannot show
 * that its newest entries were deleted, or that it was rebuilt from scratch;
 * a chain that is shorter than, or differs at, its latest checkpoint can.
 */
import { timingSafeEqual } from "node:crypto";
import type { AuditCheckpoint, AuditVerification } from "../../lib/auth";
import { canonicalJson, hmacHex } from "./audit-chain";

/** Format version of a checkpoint line. */
export const CHECKPOINT_VERSION = 1;

/** The signed form of a checkpoint: its fields, `v`, and `sig` = HMAC-SHA256 of the rest. */
export interface SignedCheckpoint extends AuditCheckpoint {
  v: number;
  sig: string;
}

/** The exact text a checkpoint's signature covers: canonical JSON of everything but `sig`. */
function signedText(checkpoint: AuditCheckpoint): string {
  const { seq, hash, count, at, keyedFrom } = checkpoint;
  return canonicalJson({ v: CHECKPOINT_VERSION, seq, hash, count, at, keyedFrom });
}

/** One line (no newline) of the checkpoint file: the checkpoint as JSON with its HMAC. */
export function signCheckpoint(key: Buffer, checkpoint: AuditCheckpoint): string {
  const { seq, hash, count, at, keyedFrom } = checkpoint;
  const sig = hmacHex(key, signedText(checkpoint));
  return JSON.stringify({ v: CHECKPOINT_VERSION, seq, hash, count, at, keyedFrom, sig });
}

/** A checkpoint line read back: genuine, or why not. */
export type CheckpointReading = { ok: true; checkpoint: AuditCheckpoint } | { ok: false; reason: string };

const isHex64 = (v: unknown): v is string => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Parses a checkpoint line and checks its signature (in constant time) under `key`. */
export function readCheckpoint(key: Buffer, line: string): CheckpointReading {
  let parsed: Partial<SignedCheckpoint>;
  try {
    parsed = JSON.parse(line) as Partial<SignedCheckpoint>;
  } catch {
    return { ok: false, reason: "the latest checkpoint is not JSON" };
  }
  const { v, seq, hash, count, at, keyedFrom, sig } = parsed;
  if (
    v !== CHECKPOINT_VERSION ||
    !isCount(seq) ||
    !isHex64(hash) ||
    !isCount(count) ||
    typeof at !== "string" ||
    !isCount(keyedFrom) ||
    !isHex64(sig)
  ) {
    return { ok: false, reason: "the latest checkpoint is not in the checkpoint format" };
  }
  const checkpoint = { seq, hash, count, at, keyedFrom };
  const expected = Buffer.from(hmacHex(key, signedText(checkpoint)), "hex");
  if (!timingSafeEqual(expected, Buffer.from(sig, "hex"))) {
    return {
      ok: false,
      reason:
        "the latest checkpoint's signature does not match under the audit key: it was forged or altered",
    };
  }
  return { ok: true, checkpoint };
}

/** What the store learnt walking the chain, for {@link judgeAgainstCheckpoint}. */
export interface ChainWalk {
  /** The chain's own verdict (links and hashes). */
  verification: AuditVerification;
  /** The first keyed `seq` the database claims. */
  keyedFrom: number;
  /** The verified hash of the checkpoint's `seq`, null if the chain did not reach it intact. */
  hashAtCheckpoint: string | null;
}

/**
 * The final verdict: a chain broken in itself stays broken; an intact chain
 * must still reach the checkpoint's head with the same hash and keying.
 * `checkpoint` null (none taken yet) judges the chain alone.
 */
export function judgeAgainstCheckpoint(
  walk: ChainWalk,
  checkpoint: AuditCheckpoint | null,
): AuditVerification {
  const { verification } = walk;
  if (!verification.ok || !checkpoint) {
    return verification.ok ? { ...verification, checkpoint: null } : verification;
  }
  const taken = `the checkpoint of ${checkpoint.at}`;
  const headSeq = verification.head?.seq ?? 0;
  const fail = (brokenAt: number, problem: "truncated" | "rewritten" | "recomputed", reason: string) =>
    ({ ok: false, count: verification.count, brokenAt, problem, reason }) as const;
  if (walk.keyedFrom > checkpoint.keyedFrom) {
    return fail(
      checkpoint.keyedFrom,
      "recomputed",
      `the database says keyed hashes start at seq ${walk.keyedFrom}, ${taken} says seq ${checkpoint.keyedFrom}: the chain was recomputed without the key`,
    );
  }
  if (headSeq < checkpoint.seq) {
    const lost = checkpoint.seq - headSeq;
    return fail(
      headSeq + 1,
      "truncated",
      `the chain ends at seq ${headSeq} but ${taken} recorded head seq ${checkpoint.seq}: ${lost} newest entr${lost === 1 ? "y was" : "ies were"} removed`,
    );
  }
  if (checkpoint.seq > 0 && walk.hashAtCheckpoint !== checkpoint.hash) {
    return fail(
      checkpoint.seq,
      "rewritten",
      `the hash of seq ${checkpoint.seq} differs from ${taken}: the chain up to it was rewritten`,
    );
  }
  return { ...verification, checkpoint: { seq: checkpoint.seq, at: checkpoint.at } };
}

/**
 * Why the chain's head now cannot follow `previous` (null: it can). A new
 * checkpoint must extend the last one: same keying, no shorter, and the same
 * hash at the last one's `seq` (`hashAtPrevious`, as stored now). Refusing to
 * checkpoint anything else keeps a truncated or rebuilt chain from being
 * anchored as if it were genuine, by a restart or the next hourly run.
 */
export function breaksCheckpoint(
  previous: AuditCheckpoint,
  head: Omit<AuditCheckpoint, "at">,
  hashAtPrevious: string | null,
): string | null {
  const taken = `the checkpoint of ${previous.at}`;
  if (head.keyedFrom !== previous.keyedFrom) {
    return `keyed hashes now start at seq ${head.keyedFrom}, ${taken} says seq ${previous.keyedFrom}`;
  }
  if (head.seq < previous.seq) {
    return `the chain ends at seq ${head.seq}, ${taken} recorded head seq ${previous.seq}`;
  }
  if (previous.seq > 0 && hashAtPrevious !== previous.hash) {
    return `the hash of seq ${previous.seq} differs from ${taken}`;
  }
  return null;
}

/** Syslog facility 13 (log audit) × 8 + severity 6 (informational). */
const SYSLOG_PRIORITY = 13 * 8 + 6;

/**
 * The checkpoint as one RFC 5424 message:
 * `<110>1 TIMESTAMP HOST runwatch PID audit-checkpoint - {signed JSON}`.
 */
export function syslogLine(
  signedLine: string,
  checkpoint: AuditCheckpoint,
  host: string,
  pid: number,
): string {
  const name = host.replace(/[^\x21-\x7e]/g, "").slice(0, 255) || "-";
  return `<${SYSLOG_PRIORITY}>1 ${checkpoint.at} ${name} runwatch ${pid} audit-checkpoint - ${signedLine}`;
}
