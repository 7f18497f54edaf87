/**
 * Channels and alert rules: each stored as its input as posted (JSON), so the
 * API view is derived on read and defaults can improve without rewriting rows.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import type { ConfigRecord } from "./records";

/** The tables of this shape. */
export type ConfigTable = "channels" | "alert_rules" | "slos";

/** Id prefixes, so an id says what it names. */
const PREFIX: Record<ConfigTable, string> = { channels: "ch_", alert_rules: "rule_", slos: "slo_" };

type Row = Database["channels"];
const record = <T>(row: Row): ConfigRecord<T> => ({
  id: row.id,
  input: JSON.parse(row.data) as T,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** Stores a new record. */
export async function insertConfig<T>(
  db: Kysely<Database>,
  table: ConfigTable,
  input: T,
  now: number,
): Promise<ConfigRecord<T>> {
  const row = {
    id: `${PREFIX[table]}${randomUUID()}`,
    data: JSON.stringify(input),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto(table).values(row).execute();
  return record<T>(row);
}

/** Every record, oldest first. */
export async function selectConfigs<T>(db: Kysely<Database>, table: ConfigTable): Promise<ConfigRecord<T>[]> {
  const rows = await db.selectFrom(table).selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map((row) => record<T>(row));
}

/** One record, or null. */
export async function selectConfig<T>(
  db: Kysely<Database>,
  table: ConfigTable,
  id: string,
): Promise<ConfigRecord<T> | null> {
  const row = await db.selectFrom(table).selectAll().where("id", "=", id).executeTakeFirst();
  return row ? record<T>(row) : null;
}

/** Replaces a record's input; null when unknown. */
export async function replaceConfig<T>(
  db: Kysely<Database>,
  table: ConfigTable,
  id: string,
  input: T,
  now: number,
): Promise<ConfigRecord<T> | null> {
  const result = await db
    .updateTable(table)
    .set({ data: JSON.stringify(input), updated_at: now })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? selectConfig<T>(db, table, id) : null;
}

/** Deletes a record; false when unknown. */
export async function deleteConfig(db: Kysely<Database>, table: ConfigTable, id: string): Promise<boolean> {
  const result = await db.deleteFrom(table).where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
