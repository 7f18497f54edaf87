/** The runner registry's reads and writes. */
import type { Kysely } from "kysely";
import type { Runner } from "../../lib/runner";
import { retiredWhenWritten } from "../domain/runner-kind";
import { reusable } from "./compiled";
import type { Database, RunnersTable } from "./schema";

/** Reads one runner. */
export async function selectRunner(db: Kysely<Database>, id: string): Promise<Runner | null> {
  const row = (await selectRunnerRow(db, id)).rows[0];
  return row ? (JSON.parse(row.data) as Runner) : null;
}

/**
 * Inserts or replaces a runner. A runner retired by its pool's kind or its
 * vendor (hosted, not busy) is stamped `retired_at` (its last sign of life),
 * so reads skip it; a runner retired by time alone is stamped by `retireRunners`.
 */
export async function upsertRunner(db: Kysely<Database>, runner: Runner): Promise<void> {
  const lastSeen = Date.parse(runner.lastSeenAt);
  const row = {
    id: runner.id,
    source: runner.source,
    name: runner.name,
    status: runner.status,
    last_seen_at: lastSeen,
    retired_at: retiredWhenWritten(runner) ? lastSeen : null,
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

/** Every runner not retired (with `includeRetired`, every runner kept), by source then name. */
export async function selectRunners(db: Kysely<Database>, includeRetired = false): Promise<Runner[]> {
  let query = db.selectFrom("runners").select("data");
  if (!includeRetired) query = query.where("retired_at", "is", null);
  const rows = await query.orderBy("source").orderBy("name").execute();
  return rows.map((r) => JSON.parse(r.data) as Runner);
}

/** Stamps runners retired at `at` (ms), unless already retired or written since as not retired. */
export async function retireRunners(db: Kysely<Database>, ids: readonly string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("runners")
    .set({ retired_at: at })
    .where("id", "in", ids)
    .where("retired_at", "is", null)
    .execute();
}
