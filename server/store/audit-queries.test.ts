import { afterEach, beforeEach, expect, it } from "vitest";
import type { AuditAction } from "../../lib/auth";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import { QueryError, type Store } from "./store";
import { verifyAuditLog } from "./audit-queries";
import { loadAuditKey } from "../runtime/audit-key";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let database: TestDatabase;
let store: Store;

/** What removes the append-only guards in each engine. */
const DROP_GUARDS = {
  sqlite: "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;",
  postgres: "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
};

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

describeEachEngine("the audit log", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  /** Edits the database behind the store's back, as an attacker holding the file or the database would. */
  async function tamper(statements: string[]): Promise<void> {
    // The triggers stop mistakes, not someone holding the database: they can simply drop them.
    await database.execRaw([DROP_GUARDS[engine.name], ...statements]);
  }

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
    const other = await database.open();
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
    await expect(database.execRaw(["UPDATE audit_log SET actor = 'x' WHERE seq = 1"])).rejects.toThrow(
      /append-only/,
    );
    await expect(database.execRaw(["DELETE FROM audit_log WHERE seq = 1"])).rejects.toThrow(/append-only/);
    if (engine.name === "postgres")
      await expect(database.execRaw(["TRUNCATE audit_log"])).rejects.toThrow(/append-only/);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, count: 2 });
  });

  it("finds a row edited in the file", async () => {
    await fill(10);
    await tamper([`UPDATE audit_log SET details = '{"i":999}' WHERE seq = 6`]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 6,
      count: 5,
      reason: expect.stringContaining("edited"),
    });
  });

  it("finds a row whose time, actor or JSON was mangled", async () => {
    await fill(5);
    await tamper([`UPDATE audit_log SET at = at + 1 WHERE seq = 2`]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
    // Text in a number column: only SQLite's dynamic typing lets anyone store it.
    if (engine.name === "sqlite") {
      await tamper([`UPDATE audit_log SET at = 'yesterday' WHERE seq = 2`]);
      expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
    }
    await tamper([`UPDATE audit_log SET details = '{broken' WHERE seq = 1`]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("finds a deleted row, and a deleted row whose successors were renumbered", async () => {
    await fill(10);
    await tamper(["DELETE FROM audit_log WHERE seq = 4"]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: expect.stringContaining("missing"),
    });
    // In two steps: PostgreSQL checks the primary key row by row.
    await tamper([
      "UPDATE audit_log SET seq = -seq WHERE seq > 4",
      "UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0",
    ]);
    expect(await store.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: expect.stringContaining("prev_hash"),
    });
  });

  it("finds rows swapped in the file", async () => {
    await fill(6);
    await tamper([
      "UPDATE audit_log SET seq = 100 WHERE seq = 2",
      "UPDATE audit_log SET seq = 2 WHERE seq = 3",
      "UPDATE audit_log SET seq = 3 WHERE seq = 100",
    ]);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("verifies page by page across page boundaries", async () => {
    await fill(25);
    const db = await database.kysely();
    try {
      const key = loadAuditKey(database.dataDir);
      expect(await verifyAuditLog(db, key, null, 7)).toMatchObject({
        ok: true,
        count: 25,
        head: { seq: 25 },
      });
      expect(await verifyAuditLog(db, key, null, 5)).toMatchObject({ ok: true, count: 25 });
      await tamper(["UPDATE audit_log SET actor = 'x' WHERE seq = 15"]);
      expect(await verifyAuditLog(db, key, null, 7)).toMatchObject({
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
