/** The runner registry's reads and writes. */
import type { Kysely } from "kysely";
import type { Runner } from "../../lib/runner";
import type { Database } from "./schema";

/** Reads one runner. */
export async function selectRunner(db: Kysely<Database>, id: string): Promise<Runner | null> {
  const row = await db.selectFrom("runners").select("data").where("id", "=", id).executeTakeFirst();
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
  const { id: _id, ...changes } = row;
  await db
    .insertInto("runners")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(changes))
    .execute();
}

/** Every runner, by source then name. */
export async function selectRunners(db: Kysely<Database>): Promise<Runner[]> {
  const rows = await db.selectFrom("runners").select("data").orderBy("source").orderBy("name").execute();
  return rows.map((r) => JSON.parse(r.data) as Runner);
}
