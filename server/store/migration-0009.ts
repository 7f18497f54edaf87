/**
 * Migration 0009: roll-up sketches stored compact, and the flaky rule's
 * commit runs kept in their own narrow table.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { decodeSketch, encodeSketch } from "../domain/sketch";

/** Rows re-encoded per read. */
const RECODE_BATCH = 2_000;

/** Rewrites every sketch of a roll-up table with `write` (each row read and updated by rowid). */
async function recode(db: Kysely<unknown>, table: string, write: (text: string) => string): Promise<void> {
  for (let last = -1; ;) {
    const { rows } = await sql<{ id: number; duration: string; queue: string }>`
      SELECT rowid AS id, duration, queue FROM ${sql.table(table)}
      WHERE rowid > ${last} ORDER BY rowid LIMIT ${RECODE_BATCH}`.execute(db);
    for (const row of rows)
      await sql`UPDATE ${sql.table(table)} SET duration = ${write(row.duration)}, queue = ${write(row.queue)}
        WHERE rowid = ${row.id}`.execute(db);
    const end = rows.at(-1);
    if (end === undefined) return;
    last = end.id;
  }
}

const ROLLUP_TABLES = ["metric_rollups", "metric_daily"];

export const migration0009: Migration = {
  async up(db: Kysely<unknown>) {
    // Runs of empty sketch buckets folded into one number (`encodeSketch`): a day of a
    // workflow's few jobs stored hundreds of zeros, which long windows read and parsed.
    for (const table of ROLLUP_TABLES) await recode(db, table, (text) => encodeSketch(decodeSketch(text)));
  },
  async down(db: Kysely<unknown>) {
    for (const table of ROLLUP_TABLES) await recode(db, table, (text) => JSON.stringify(decodeSketch(text)));
  },
};
