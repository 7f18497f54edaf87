/**
 * The SQLite schema the released migrations build, statement for statement.
 * The migrations are shared with PostgreSQL and branch on the dialect where the
 * SQL differs; what SQLite executes must never change ("never edit a released
 * migration"). A fresh file migrated to 0018 must give exactly the
 * `sqlite_master` recorded in `migrations-fixtures/sqlite-schema-0018.sql`
 * (dumped before the PostgreSQL versions were folded into the shared files).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrationProvider } from "./migrations";

const SNAPSHOT = path.join(import.meta.dirname, "migrations-fixtures", "sqlite-schema-0018.sql");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-schema-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `sqlite_master` of a new file migrated to `last`: one line per object, ordered, each with its SQL. */
async function sqliteSchemaDump(file: string, last: string): Promise<string> {
  const database = new SqliteDatabase(file);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(last);
    if (error) throw error;
    const rows = database
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
    return rows.map((r) => `-- ${r.type} ${r.name} on ${r.tbl_name}\n${r.sql ?? "(no sql)"};\n`).join("");
  } finally {
    await db.destroy();
  }
}

describe("the SQLite schema of the released migrations", () => {
  it("is byte for byte the one recorded at 0018", async () => {
    const dump = await sqliteSchemaDump(path.join(dir, "schema.sqlite"), "0018_audit_keyed_chain");
    expect(dump).toBe(fs.readFileSync(SNAPSHOT, "utf8"));
  });
});
