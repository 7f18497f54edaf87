/**
 * The audit chain's HMAC key. It must never live in the database it protects:
 * either `RUNWATCH_AUDIT_KEY`, or a random key generated at first start into
 * `<data dir>/audit-key` (mode 0600). Someone who can edit the database but
 * not read this file cannot recompute the chain's hashes.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** File name of the generated key inside the data folder. */
export const AUDIT_KEY_FILE = "audit-key";

/** Bytes of a generated key (written as 64 hex digits). */
const KEY_BYTES = 32;

/** Prefix of a setting that holds a key file's content (64 hex digits) instead of text. */
export const HEX_KEY_PREFIX = "hex:";

/**
 * The key to chain with: `configured` when given — its UTF-8 text, or the
 * bytes of `hex:<64 hex digits>` (a key file's content, so an install moved
 * to several nodes keeps the key its chain was written with) —
 * else the key file in `dataDir`, created with mode 0600 if it does not exist.
 * Two processes starting at once agree on one key (the file is created
 * exclusively; the loser reads the winner's).
 * @throws Error when the key file exists but does not hold a key.
 */
export function loadAuditKey(dataDir: string, configured?: string): Buffer {
  if (configured?.startsWith(HEX_KEY_PREFIX)) {
    const hex = configured.slice(HEX_KEY_PREFIX.length);
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`RUNWATCH_AUDIT_KEY: after "hex:" come 64 hex digits`);
    return Buffer.from(hex, "hex");
  }
  if (configured) return Buffer.from(configured, "utf8");
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(KEY_BYTES).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const text = fs.readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(`${file} does not hold an audit key (64 hex digits); restore it from a backup`);
  }
  return Buffer.from(text, "hex");
}
