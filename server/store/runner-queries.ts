/** The runner registry's reads and writes. */
import type { Kysely } from "kysely";
import type { Runner } from "../../lib/runner";
import { reusable } from "./compiled";
import type { Database, RunnersTable } from "./schema";

/** Reads one runner. */
export async function selectRunner(db: Kysely<Database>, id: string): Promise<Runner | null> {
  const row = (await selectRunnerRow(db, id)).rows[0];
  return row ? (JSON.parse(row.data) as Runner) : null;
}

/** Inserts or replaces a runner. */
export async function upsertRunner(db: Kysely<Database>, runner: Runner): Promise<void> {
  const row = {
    id: runner.id,
    source: runner.source,
    name: runner.name,
    status: runner.status,
    last_seen_at: Date.parse(runner.lastSeenAt),
    data: JSON.stringify(runner),
  };
  await upsertRunnerRow(db, row);
}

const selectRunnerRow = reusable((db, id: string) =>
  db.selectFrom("runners").select("data").where("id", "=", id),
);
const upsertRunnerRow = reusable((db, row: RunnersTable) => {
  const { id: _id, ...changes } = row;
  return db
    .insertInto("runners")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(changes));
});

/** Every runner, by source then name. */
export async function selectRunners(db: Kysely<Database>): Promise<Runner[]> {
  const rows = await db.selectFrom("runners").select("data").orderBy("source").orderBy("name").execute();
  return rows.map((r) => JSON.parse(r.data) as Runner);
}
