/**
 * Checkpoints of the audit chain's head, taken hourly and at shutdown and
 * written where the database operator has no hand: an append-only file
 * outside the database (always), a signed webhook and a syslog receiver (when
 * configured). Reading the latest one back is what lets `verify` see a
 * truncated or rebuilt chain.
 *
 * Checkpointing never blocks ingest: it reads one row, then writes
 * asynchronously; a target that fails is reported and the others still get it.
 */
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isIPv6 } from "node:net";
import type { AuditCheckpoint, AuditVerification } from "../../lib/auth";
import { hmacHex } from "../domain/audit-chain";
import {
  breaksCheckpoint,
  readCheckpoint,
  signCheckpoint,
  syslogLine,
  type CheckpointReading,
} from "../domain/audit-checkpoint";
import type { Clock } from "../domain/clock";
import type { OutboundAllow } from "../outbound/address-policy";
import { outboundRequest } from "../outbound/request";
import type { AuditSettings } from "../settings";
import type { AuditStore } from "../store/store";

/** How often a checkpoint is taken, ms. */
export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;

/** Header carrying `sha256=<hex HMAC-SHA256 of the body under the audit key>` on checkpoint webhooks. */
export const CHECKPOINT_SIGNATURE_HEADER = "x-runwatch-signature";

/** Bytes read from the end of the checkpoint file to find its last line (one line is ~250). */
const TAIL_BYTES = 64 * 1024;

/** Thrown (and reported as `chain`) when the chain's head does not extend the last checkpoint. */
export class CheckpointRefusedError extends Error {
  override name = "CheckpointRefusedError";
}

/** Takes checkpoints on a timer and on demand. */
export interface AuditCheckpointer {
  /** Starts the hourly timer (unref'd: it never keeps the process alive). */
  start(): void;
  /**
   * Takes a checkpoint now and sends it to every target; resolves once all
   * have answered or failed. @throws CheckpointRefusedError when the chain no
   * longer extends the last checkpoint in the file (then nothing is sent).
   */
  checkpoint(): Promise<AuditCheckpoint>;
  /** Stops the timer and takes the shutdown checkpoint. */
  stop(): Promise<void>;
}

/** What a checkpointer needs. */
export interface CheckpointerOptions {
  store: Pick<AuditStore, "auditHead" | "auditHashAt">;
  key: Buffer;
  settings: Pick<AuditSettings, "checkpointFile" | "checkpointUrl" | "syslog">;
  allow: OutboundAllow;
  clock: Clock;
  /**
   * A target that failed (the checkpoint still reached the others), or
   * `chain`: the head no longer extends the last checkpoint, so none was taken.
   */
  onError: (error: unknown, target: "chain" | "file" | "webhook" | "syslog") => void;
  intervalMs?: number;
}

/** Creates the checkpointer; nothing runs until `start()` or `checkpoint()`. */
export function createAuditCheckpointer(options: CheckpointerOptions): AuditCheckpointer {
  const { store, key, settings, allow, clock, onError } = options;
  let timer: NodeJS.Timeout | null = null;
  // One at a time, so the file's lines stay in the order they were taken.
  let queue: Promise<unknown> = Promise.resolve();

  const take = async (): Promise<AuditCheckpoint> => {
    // The file before the head: another node sharing the file may checkpoint in between, and
    // the head, which only grows, is then still at or past the checkpoint just read. Read the
    // other way round, that node's newer checkpoint would pass for a truncation.
    const previous = await readLatestCheckpoint(settings.checkpointFile, key);
    const head = await store.auditHead();
    if (previous) {
      const problem = previous.ok
        ? breaksCheckpoint(previous.checkpoint, head, await store.auditHashAt(previous.checkpoint.seq))
        : previous.reason;
      if (problem) {
        throw new CheckpointRefusedError(
          `audit chain not checkpointed: ${problem}; see docs/security.md, "Audit log integrity"`,
        );
      }
    }
    const checkpoint: AuditCheckpoint = { ...head, at: new Date(clock.now()).toISOString() };
    const line = signCheckpoint(key, checkpoint);
    const targets: Promise<void>[] = [
      appendLine(settings.checkpointFile, line).catch((error: unknown) => onError(error, "file")),
    ];
    if (settings.checkpointUrl) {
      targets.push(
        postCheckpoint(settings.checkpointUrl, line, key, allow).catch((error: unknown) =>
          onError(error, "webhook"),
        ),
      );
    }
    if (settings.syslog) {
      const message = syslogLine(line, checkpoint, os.hostname(), process.pid);
      targets.push(sendSyslog(settings.syslog, message).catch((error: unknown) => onError(error, "syslog")));
    }
    await Promise.all(targets);
    return checkpoint;
  };

  const checkpoint = () => {
    const next = queue.then(take);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        checkpoint().catch((error: unknown) => onError(error, "chain"));
      }, options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
      timer.unref();
    },
    checkpoint,
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await checkpoint();
    },
  };
}

async function appendLine(file: string, line: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // O_APPEND: each line lands whole at the end, whoever else appends.
  const handle = await fs.promises.open(file, "a", 0o600);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function postCheckpoint(url: string, line: string, key: Buffer, allow: OutboundAllow): Promise<void> {
  const response = await outboundRequest(url, {
    allow,
    method: "POST",
    body: line,
    headers: {
      "content-type": "application/json",
      [CHECKPOINT_SIGNATURE_HEADER]: `sha256=${hmacHex(key, line)}`,
    },
    timeoutMs: 10_000,
    maxBytes: 4096,
    followRedirects: false,
  });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`checkpoint webhook answered HTTP ${response.status}`);
  }
}

function sendSyslog(target: { host: string; port: number }, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(isIPv6(target.host) ? "udp6" : "udp4");
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.send(message, target.port, target.host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * The latest checkpoint in the file, signature checked; null when there is
 * no file or it holds no line yet. Latest is the genuine one with the highest
 * `seq` near the end of the file: nodes sharing the file append in the order
 * they finish, not the order they read the head, so the last line may be a
 * little older than the one before it. A last line that is not genuine is
 * reported as such.
 */
export async function readLatestCheckpoint(file: string, key: Buffer): Promise<CheckpointReading | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString("utf8")
      .split("\n")
      // Cut mid-line when the file is longer than the tail read: the first piece is no checkpoint.
      .slice(length < size ? 1 : 0)
      .filter((line) => line.trim() !== "");
    const last = lines.at(-1);
    if (last === undefined) return null;
    const newest = readCheckpoint(key, last);
    if (!newest.ok) return newest;
    return lines.reduce<CheckpointReading>((best, line) => {
      const reading = readCheckpoint(key, line);
      return reading.ok && best.ok && reading.checkpoint.seq > best.checkpoint.seq ? reading : best;
    }, newest);
  } finally {
    await handle.close();
  }
}

/**
 * Verifies the chain against the latest checkpoint in `file`. A checkpoint
 * that is not genuine fails verification (`problem: "checkpoint"`, `brokenAt` 0).
 */
export async function verifyAnchored(
  store: Pick<AuditStore, "verifyAudit">,
  key: Buffer,
  file: string,
): Promise<AuditVerification> {
  const reading = await readLatestCheckpoint(file, key);
  if (reading && !reading.ok) {
    const chain = await store.verifyAudit(null);
    if (!chain.ok) return chain;
    return {
      ok: false,
      count: chain.count,
      brokenAt: 0,
      problem: "checkpoint",
      reason: `${file}: ${reading.reason}`,
    };
  }
  return store.verifyAudit(reading?.checkpoint ?? null);
}
