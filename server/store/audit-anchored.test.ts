/**
 * The keyed, anchored chain on a real SQLite file, attacked the way someone
 * holding the file (but not the key) would: deleting the newest rows,
 * recomputing every hash, editing one row, moving the keyed-scheme marker.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditCheckpoint } from "../../lib/auth";
import { auditContent, chainHash, GENESIS_HASH, keyedChainHash, sealEntry } from "../domain/audit-chain";
import { loadAuditKey } from "../runtime/audit-key";
import { toAuditEntry } from "./audit-queries";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";
import { openSqliteStore, SQLITE_FILE } from "./sqlite";
import type { Store } from "./store";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let dir: string;
let store: Store | null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-audit-anchored-"));
  store = null;
});
afterEach(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Store> {
  store = await openSqliteStore(dir);
  return store;
}

async function fill(s: Store, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await s.appendAudit({ actor: "cli", action: "key.created", target: `k${i}`, details: { i } }, T0 + i);
  }
}

/** A checkpoint of the head now, as the checkpointer would take it. */
async function checkpointOf(s: Store): Promise<AuditCheckpoint> {
  return { ...(await s.auditHead()), at: "2026-03-01T13:00:00.000Z" };
}

/** Edits the file behind the store's back; the triggers only stop mistakes, so they go first. */
function tamper(run: (file: SqliteDatabase.Database) => void): void {
  const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
  try {
    file.exec(`DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;
      DROP TRIGGER IF EXISTS audit_chain_no_update;`);
    run(file);
  } finally {
    file.close();
  }
}

/** Rebuilds every hash with plain SHA-256, as someone without the key would to hide an edit. */
function recomputeWithSha256(file: SqliteDatabase.Database): void {
  const rows = file.prepare("SELECT * FROM audit_log ORDER BY seq").all() as Parameters<
    typeof toAuditEntry
  >[0][];
  const update = file.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = chainHash(prev, toAuditEntry(row));
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

describe("the keyed audit chain against its checkpoint", () => {
  it("chains new entries with HMAC-SHA256 under the data folder's key", async () => {
    const s = await open();
    const entry = await s.appendAudit({ actor: "cli", action: "key.created", target: "k1" }, T0);
    const key = loadAuditKey(dir);
    expect(entry.hash).toBe(keyedChainHash(key, GENESIS_HASH, entry));
    expect(entry.hash).not.toBe(chainHash(GENESIS_HASH, entry));
    expect(await s.auditHead()).toEqual({ seq: 1, count: 1, hash: entry.hash, keyedFrom: 1 });
  });

  it("matches a checkpoint of its head, and one taken earlier", async () => {
    const s = await open();
    await fill(s, 4);
    const earlier = await checkpointOf(s);
    await fill(s, 3);
    expect(await s.verifyAudit(earlier)).toEqual({
      ok: true,
      count: 7,
      head: { seq: 7, hash: (await s.auditHead()).hash },
      checkpoint: { seq: 4, at: "2026-03-01T13:00:00.000Z" },
    });
    expect(await s.verifyAudit(await checkpointOf(s))).toMatchObject({ ok: true, count: 7 });
  });

  it("reports the newest rows deleted in the database as truncation against the checkpoint", async () => {
    const s = await open();
    await fill(s, 10);
    const checkpoint = await checkpointOf(s);
    tamper((file) => file.exec("DELETE FROM audit_log WHERE seq > 7"));
    // The chain alone is still a valid chain of 7: only the checkpoint shows the loss.
    expect(await s.verifyAudit(null)).toMatchObject({ ok: true, count: 7 });
    expect(await s.verifyAudit(checkpoint)).toEqual({
      ok: false,
      count: 7,
      brokenAt: 8,
      problem: "truncated",
      reason:
        "the chain ends at seq 7 but the checkpoint of 2026-03-01T13:00:00.000Z recorded head seq 10: 3 newest entries were removed",
    });
  });

  it("reports every hash recomputed with plain SHA-256", async () => {
    const s = await open();
    await fill(s, 5);
    tamper((file) => {
      file.exec(`UPDATE audit_log SET details = '{"i":99}' WHERE seq = 3`);
      recomputeWithSha256(file);
    });
    expect(await s.verifyAudit(null)).toMatchObject({
      ok: false,
      count: 0,
      brokenAt: 1,
      problem: "recomputed",
      reason:
        "hash of seq 1 is a plain SHA-256, not the HMAC under the audit key: the chain was recomputed by someone without the key",
    });
  });

  it("reports a recomputed chain passed off as older than the key by moving the marker", async () => {
    const s = await open();
    await fill(s, 5);
    const checkpoint = await checkpointOf(s);
    tamper((file) => {
      file.exec(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 2`);
      recomputeWithSha256(file);
      file.exec("UPDATE audit_chain SET keyed_from = 1000");
    });
    // Alone, the chain looks like an old unkeyed one; the checkpoint knows better.
    expect(await s.verifyAudit(null)).toMatchObject({ ok: true, count: 5 });
    expect(await s.verifyAudit(checkpoint)).toMatchObject({
      ok: false,
      brokenAt: 1,
      problem: "recomputed",
      reason:
        "the database says keyed hashes start at seq 1000, the checkpoint of 2026-03-01T13:00:00.000Z says seq 1: the chain was recomputed without the key",
    });
  });

  it("reports one edited row", async () => {
    const s = await open();
    await fill(s, 6);
    tamper((file) => file.exec(`UPDATE audit_log SET target = 'someone-else' WHERE seq = 4`));
    expect(await s.verifyAudit(await checkpointOf(s))).toMatchObject({
      ok: false,
      count: 3,
      brokenAt: 4,
      problem: "edited",
      reason: expect.stringContaining("hash of seq 4 does not match its content under the audit key"),
    });
  });

  it("reports a tail replaced after the checkpoint as a rewrite", async () => {
    const s = await open();
    await fill(s, 4);
    const checkpoint = await checkpointOf(s);
    // Someone with the key file too could rebuild; a different head at the checkpoint's seq still shows.
    tamper((file) => file.exec("DELETE FROM audit_log WHERE seq >= 3"));
    await fill(s, 3);
    expect(await s.verifyAudit(checkpoint)).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: "rewritten",
      reason:
        "the hash of seq 4 differs from the checkpoint of 2026-03-01T13:00:00.000Z: the chain up to it was rewritten",
    });
  });
});

describe("migration 0018 on an existing unkeyed chain", () => {
  it("keeps the old SHA-256 entries verifiable and keys every new one", async () => {
    // A database as Runwatch left it before 0018: migrated to 0017, three plain SHA-256 entries.
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
    const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo("0017_leases");
    expect(migrated.error).toBeUndefined();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const entry = sealEntry(prev, auditContent({ actor: "system", action: "key.created" }, seq, T0 + seq));
      await db
        .insertInto("audit_log")
        .values({
          seq,
          at: T0 + seq,
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          ip: entry.ip,
          details: JSON.stringify(entry.details),
          prev_hash: entry.prevHash,
          hash: entry.hash,
        })
        .execute();
      prev = entry.hash;
    }
    await db.destroy();

    const s = await open();
    expect(await s.auditHead()).toEqual({ seq: 3, count: 3, hash: prev, keyedFrom: 4 });
    await fill(s, 2);
    const [old, keyed] = [(await s.readAuditAfter(2, 1))[0]!, (await s.readAuditAfter(3, 1))[0]!];
    expect(old.hash).toBe(chainHash(old.prevHash, old));
    expect(keyed.hash).toBe(keyedChainHash(loadAuditKey(dir), keyed.prevHash, keyed));
    expect(await s.verifyAudit(await checkpointOf(s))).toMatchObject({
      ok: true,
      count: 5,
      head: { seq: 5 },
    });

    // An edit among the old entries is still found.
    tamper((f) => f.exec(`UPDATE audit_log SET actor = 'x' WHERE seq = 2`));
    expect(await s.verifyAudit(null)).toMatchObject({ ok: false, brokenAt: 2, problem: "edited" });
  });
});
