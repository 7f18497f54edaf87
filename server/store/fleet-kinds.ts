/**
 * Runner kinds set per pool (`pool_kinds`, migration 0010). A pool's kind is
 * copied onto each of its runners when the runner is written (`poolKind`), so
 * every reader — the API, the live events, the watchdog, the alert rules —
 * decides a runner's kind from the runner alone.
 */
import type { Kysely } from "kysely";
import { poolOf, RUNNER_KINDS, type Runner, type RunnerKind } from "../../lib/runner";
import { upsertRunner } from "./runner-queries";
import type { Database } from "./schema";

/** A kind an admin set for a pool. */
export interface PoolKind {
  pool: string;
  kind: RunnerKind;
  /** ms since epoch. */
  updatedAt: number;
}

const isKind = (value: string): value is RunnerKind => (RUNNER_KINDS as readonly string[]).includes(value);

/** Every pool kind set, by pool. */
export async function selectPoolKinds(db: Kysely<Database>): Promise<PoolKind[]> {
  const rows = await db.selectFrom("pool_kinds").selectAll().orderBy("pool").execute();
  return rows.flatMap((r) =>
    isKind(r.kind) ? [{ pool: r.pool, kind: r.kind, updatedAt: r.updated_at }] : [],
  );
}

/** A runner with its pool's kind (or none) copied on. */
export function withPoolKind(runner: Runner, kind: RunnerKind | undefined): Runner {
  const { poolKind: _old, ...rest } = runner;
  return kind ? { ...rest, poolKind: kind } : rest;
}

/**
 * Sets (or, with null, clears) the kind of `pool` and rewrites its runners —
 * retired ones too, so a pool set back to self-hosted gets its runners back —
 * returning the runners that changed. Run inside a transaction.
 */
export async function updatePoolKind(
  db: Kysely<Database>,
  pool: string,
  kind: RunnerKind | null,
  at: number,
): Promise<Runner[]> {
  if (kind === null) await db.deleteFrom("pool_kinds").where("pool", "=", pool).execute();
  else
    await db
      .insertInto("pool_kinds")
      .values({ pool, kind, updated_at: at })
      .onConflict((oc) => oc.column("pool").doUpdateSet({ kind, updated_at: at }))
      .execute();
  // The pool is named from labels, which SQL cannot order the way `poolOf` does: read ids, then each runner.
  const rows = await db.selectFrom("runners").select(["id", "data"]).execute();
  const changed: Runner[] = [];
  for (const row of rows) {
    const runner = JSON.parse(row.data) as Runner;
    if (poolOf(runner.labels, runner.group) !== pool || runner.poolKind === (kind ?? undefined)) continue;
    const next = withPoolKind(runner, kind ?? undefined);
    await upsertRunner(db, next);
    changed.push(next);
  }
  return changed;
}
