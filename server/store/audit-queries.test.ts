import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditAction } from "../../lib/auth";
import { openSqliteStore, SQLITE_FILE } from "./sqlite";
import { QueryError, type Store } from "./store";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { verifyAuditLog } from "./audit-queries";
import { loadAuditKey } from "../runtime/audit-key";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-audit-"));
  store = await openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ACTIONS: AuditAction[] = ["auth.signin.success", "auth.signin.failure", "key.created", "key.revoked"];

async function fill(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.appendAudit(
      {
        actor: i % 3 === 0 ? "cli" : `key${i % 2}`,
        action: ACTIONS[i % ACTIONS.length]!,
        target: `t${i}`,
        ip: "203.0.113.7",
        details: { i },
      },
      T0 + i * 60_000,
    );
  }
}

/** Edits the database file behind the store's back, as an attacker with the file would. */
function tamper(statements: string[]): void {
  const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
  try {
    // The triggers stop mistakes, not someone holding the file: they can simply drop them.
    file.exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");
    for (const statement of statements) file.exec(statement);
  } finally {
    file.close();
  }
}

describe("the audit log in SQLite", () => {
  it("appends entries numbered 1, 2, 3 and chained", async () => {
    const first = await store.appendAudit({ actor: "system", action: "key.created", target: "k1" }, T0);
    const second = await store.appendAudit({ actor: "k1", action: "auth.signin.success", ip: "::1" }, T0 + 1);
    expect(first).toMatchObject({
      seq: 1,
      at: "2026-03-01T12:00:00.000Z",
      prevHash: "0".repeat(64),
      details: {},
    });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, ip: "::1", target: null });
    expect(await store.verifyAudit()).toEqual({
      ok: true,
      count: 2,
      head: { seq: 2, hash: second.hash },
      checkpoint: null,
    });
    expect(await store.readAuditAfter(0)).toEqual([first, second]);
  });

  it("chains concurrent appends correctly", async () => {
    const appended = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store.appendAudit({ actor: "cli", action: "key.created", details: { i } }, T0 + i),
      ),
    );
    expect(new Set(appended.map((e) => e.seq)).size).toBe(60);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, count: 60 });
  });

  it("chains appends from two connections to the same file", async () => {
    const other = await openSqliteStore(dir);
    try {
      for (let i = 0; i < 10; i++) {
        await (i % 2 ? other : store).appendAudit(
          { actor: "cli", action: "key.created", details: { i } },
          T0 + i,
        );
      }
      expect(await other.verifyAudit()).toMatchObject({ ok: true, count: 10 });
    } finally {
      await other.close();
    }
  });

  it("refuses UPDATE and DELETE at the database", async () => {
    await fill(2);
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    try {
      expect(() => file.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).toThrow(/append-only/);
      expect(() => file.exec("DELETE FROM audit_log WHERE seq = 1")).toThrow(/append-only/);
    } finally {
      file.close();
    }
    expect(await store.verifyAudit()).toMatchObject({ ok: true, count: 2 });
  });

  it("finds a row edited in the file", async () => {
    await fill(10);
    tamper([`UPDATE audit_log SET details = '{"i":999}' WHERE seq = 6`]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 6,
      count: 5,
      reason: expect.stringContaining("edited"),
    });
  });

  it("finds a row whose time, actor or JSON was mangled", async () => {
    await fill(5);
    tamper([`UPDATE audit_log SET at = at + 1 WHERE seq = 2`]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
    tamper([`UPDATE audit_log SET at = 'yesterday' WHERE seq = 2`]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
    tamper([`UPDATE audit_log SET details = '{broken' WHERE seq = 1`]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("finds a deleted row, and a deleted row whose successors were renumbered", async () => {
    await fill(10);
    tamper(["DELETE FROM audit_log WHERE seq = 4"]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: expect.stringContaining("missing"),
    });
    tamper(["UPDATE audit_log SET seq = seq - 1 WHERE seq > 4"]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: expect.stringContaining("prev_hash"),
    });
  });

  it("finds rows swapped in the file", async () => {
    await fill(6);
    tamper([
      "UPDATE audit_log SET seq = 100 WHERE seq = 2",
      "UPDATE audit_log SET seq = 2 WHERE seq = 3",
      "UPDATE audit_log SET seq = 3 WHERE seq = 100",
    ]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("verifies page by page across page boundaries", async () => {
    await fill(25);
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
    try {
      expect(await verifyAuditLog(db, loadAuditKey(dir), null, 7)).toMatchObject({
        ok: true,
        count: 25,
        head: { seq: 25 },
      });
      expect(await verifyAuditLog(db, loadAuditKey(dir), null, 5)).toMatchObject({ ok: true, count: 25 });
      file.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'x' WHERE seq = 15");
      expect(await verifyAuditLog(db, loadAuditKey(dir), null, 7)).toMatchObject({
        ok: false,
        brokenAt: 15,
        count: 14,
      });
    } finally {
      await db.destroy();
    }
  });

  it("lists newest first with filters and cursor pagination", async () => {
    await fill(20);
    const page1 = await store.listAudit({ limit: 8 });
    expect(page1.items.map((e) => e.seq)).toEqual([20, 19, 18, 17, 16, 15, 14, 13]);
    const page2 = await store.listAudit({ limit: 8, cursor: page1.nextCursor! });
    const page3 = await store.listAudit({ limit: 8, cursor: page2.nextCursor! });
    expect([...page2.items, ...page3.items].map((e) => e.seq)).toEqual([
      12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
    expect(page3.nextCursor).toBeNull();

    const created = await store.listAudit({ action: "key.created", limit: 50 });
    expect(created.items.map((e) => e.action)).toEqual(Array.from({ length: 5 }, () => "key.created"));
    const signins = await store.listAudit({ action: "auth.*", limit: 50 });
    expect(new Set(signins.items.map((e) => e.action))).toEqual(
      new Set(["auth.signin.success", "auth.signin.failure"]),
    );
    expect(signins.items).toHaveLength(10);
    expect((await store.listAudit({ actor: "cli", limit: 50 })).items.map((e) => e.seq)).toEqual([
      19, 16, 13, 10, 7, 4, 1,
    ]);

    const window = await store.listAudit({
      since: new Date(T0 + 5 * 60_000).toISOString(),
      until: new Date(T0 + 8 * 60_000).toISOString(),
      limit: 50,
    });
    expect(window.items.map((e) => e.seq)).toEqual([8, 7, 6]);
  });

  it("treats LIKE wildcards in an action prefix literally", async () => {
    await fill(4);
    expect((await store.listAudit({ action: "_uth.*", limit: 50 })).items).toEqual([]);
  });

  it("refuses a forged cursor", async () => {
    await expect(store.listAudit({ limit: 5, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(QueryError);
  });
});
