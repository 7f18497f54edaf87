/**
 * The CLI as a user runs it: a real child process (`node --import tsx
 * scripts/runwatch.ts`) on a real SQLite folder. Each spawn costs about a
 * second, so the details live in `main.test.ts` (in-process).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKey, AuditEntry } from "../../lib/auth";
import { verifyChain } from "../../server/domain/audit-chain";
import { loadAuditKey } from "../../server/runtime/audit-key";
import { openSqliteStore, SQLITE_FILE } from "../../server/store/sqlite";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-cli-"));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runwatch(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/runwatch.ts", ...args],
      { cwd: ROOT, env: { ...process.env, RUNWATCH_DATA_DIR: dataDir } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("runwatch (child process)", { timeout: 60_000 }, () => {
  it("creates a key printing its secret once, lists it without the secret, revokes it", async () => {
    const created = await runwatch(["keys", "create", "--name", "ci-bot", "--scope", "read"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const secret = /\brw_[A-Za-z0-9_-]{43}\b/.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();

    const store = await openSqliteStore(dataDir);
    const key = await store.findApiKeyBySecret(secret!);
    await store.close();
    expect(key).toMatchObject({ name: "ci-bot", scopes: ["read"], createdBy: "cli" });

    const list = await runwatch(["keys", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^ID\s+PREFIX\s+NAME\s+SCOPES\s+TEAMS\s+CREATED BY\s+CREATED\s+LAST USED\s+REVOKED$/m,
    );
    expect(list.stdout).toMatch(
      new RegExp(`${key!.id}\\s+${secret!.slice(0, 9)}\\s+ci-bot\\s+read\\s+-\\s+cli`),
    );
    expect(list.stdout).not.toContain(secret!.slice(9));

    expect(await runwatch(["keys", "revoke", key!.id])).toMatchObject({ code: 0 });
    expect(await runwatch(["keys", "revoke", key!.id])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already revoked"),
    });
    expect(await runwatch(["keys", "bogus"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Usage"),
    });
  });

  it("verifies, exports, and exits 1 naming the first broken link of a tampered log", async () => {
    const store = await openSqliteStore(dataDir);
    for (const name of ["a", "b", "c"]) {
      await store.createApiKey({ name, scopes: ["read"], createdBy: "cli" }, 1_767_225_600_000);
      await store.appendAudit({ actor: "cli", action: "key.created", details: { name } }, 1_767_225_600_000);
    }
    await store.close();

    expect(await runwatch(["audit", "verify"])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^OK: 3 audit entries, chain intact \(head seq 3, hash [0-9a-f]{64}\)/),
    });
    const out = path.join(dataDir, "audit.jsonl");
    expect(await runwatch(["audit", "export", "--format", "jsonl", "--out", out])).toMatchObject({ code: 0 });
    const exported = fs
      .readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as AuditEntry);
    // A new database is keyed from seq 1: the export verifies with the data folder's key.
    expect(verifyChain(exported, { key: loadAuditKey(dataDir), from: 1 })).toMatchObject({
      ok: true,
      count: 3,
    });
    expect(verifyChain(exported)).toMatchObject({ ok: false, brokenAt: 1 });

    const file = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
    file.exec(
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{"name":"z"}' WHERE seq = 2`,
    );
    file.close();
    const broken = await runwatch(["audit", "verify"]);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^BROKEN at seq 2: hash of seq 2/),
    });

    const deleted = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
    deleted.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1");
    deleted.close();
    expect(await runwatch(["audit", "verify"])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(
        "BROKEN at seq 2: seq 2 follows the start of the log: 1 entry is missing",
      ),
    });
  });

  it("keeps the chain intact when several processes start on a new file and append at once", async () => {
    const runs = await Promise.all(
      ["p1", "p2", "p3", "p4"].map((name) =>
        runwatch(["keys", "create", "--name", name, "--scope", "read", "--json"]),
      ),
    );
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(Array(4).fill([0, ""]));
    const ids = runs.map((r) => (JSON.parse(r.stdout) as { key: ApiKey }).key.id);
    expect(new Set(ids).size).toBe(4);
    expect(await runwatch(["audit", "verify"])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("OK: 4"),
    });
  });
});
