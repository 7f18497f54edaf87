/**
 * The PostgreSQL schema is the SQLite one: the same tables, columns (and
 * whether each may be null) and indexes, after every migration. Both engines
 * run the shared migrations, which branch on the dialect where the SQL
 * differs; this catches a branch that builds something else.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { STORE_ENGINES, type TestDatabase } from "../../test/engines/stores";

const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
const sqlite = STORE_ENGINES.find((engine) => engine.name === "sqlite")!;

/** "table.column nullable|not null", sorted, and index names, sorted. */
interface Shape {
  columns: string[];
  indexes: string[];
}

async function sqliteShape(database: TestDatabase): Promise<Shape> {
  const db = await database.kysely();
  try {
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(db);
    const columns: string[] = [];
    for (const { name } of tables.rows) {
      const info = await sql<{ name: string; notnull: number; pk: number }>`SELECT name, "notnull", pk
        FROM pragma_table_info(${name})`.execute(db);
      // A primary key column is never null in PostgreSQL; SQLite's table_info does not say so.
      for (const c of info.rows)
        columns.push(`${name}.${c.name} ${c.notnull || c.pk ? "not null" : "nullable"}`);
    }
    const indexes = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'index' AND sql IS NOT NULL`.execute(db);
    return { columns: columns.sort(), indexes: indexes.rows.map((r) => r.name).sort() };
  } finally {
    await db.destroy();
  }
}

async function postgresShape(database: TestDatabase): Promise<Shape> {
  const db = await database.kysely();
  try {
    const columns = await sql<{ t: string; c: string; nullable: string }>`
      SELECT table_name AS t, column_name AS c, is_nullable AS nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'`.execute(db);
    // Only indexes declared by migrations: PostgreSQL also names one per primary key and unique column.
    const indexes = await sql<{ name: string }>`SELECT i.indexname AS name FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename NOT LIKE 'kysely_%'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`.execute(db);
    return {
      columns: columns.rows
        .map((r) => `${r.t}.${r.c} ${r.nullable === "YES" ? "nullable" : "not null"}`)
        .sort(),
      indexes: indexes.rows.map((r) => r.name).sort(),
    };
  } finally {
    await db.destroy();
  }
}

describe.skipIf(postgres.skip !== null)("the PostgreSQL schema", () => {
  it("has SQLite's tables, columns and indexes", async () => {
    const lite = await sqlite.create();
    const pg = await postgres.create();
    try {
      const [expected, actual] = await Promise.all([sqliteShape(lite), postgresShape(pg)]);
      expect(expected.columns.length).toBeGreaterThan(150);
      expect(expected.indexes.length).toBeGreaterThan(40);
      expect(actual.columns).toEqual(expected.columns);
      expect(actual.indexes).toEqual(expected.indexes);
    } finally {
      await Promise.all([lite.remove(), pg.remove()]);
    }
  });
});
