/**
 * The privacy slice: GDPR erasure of one person from everything stored. Rows
 * are found by a case-blind pre-filter on each alias (SQLite's `LIKE` ignores
 * ASCII case; PostgreSQL's `ILIKE`), read in keyset pages of `ERASE_PAGE` rows, and rewritten with the
 * plan's rewriter (server/domain/pseudonymise.ts), all in one transaction: an
 * erasure is whole or not at all, and memory holds one page at a time.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import {
  allAliases,
  aliasesOf,
  discoverAliases,
  rewriteJsonText,
  stringRewriter,
  type ErasurePlan,
  type PersonAliases,
  type StringRewriter,
} from "../domain/pseudonymise";
import { isPostgres } from "./dialect";
import { DAY_MS, HOUR_MS } from "./metric-rollups";
import type { Database } from "./schema";

/** Rows read per page. */
export const ERASE_PAGE = 500;

/** Rows rewritten (or, for roll-ups, dropped to be rebuilt) per table. */
export type ErasureCounts = Record<string, number>;

/** Erasure of people from the stored data. */
export interface PrivacyStore {
  /** The person's aliases: `person` itself and the identities of every stored raw payload object that is them. */
  findPersonAliases(person: string): Promise<PersonAliases>;
  /**
   * Rewrites every stored row holding one of the plan's aliases; resolves with
   * the rows touched per table (every table named, 0 included). With `dryRun`
   * the same work is done and rolled back, so the counts are exact.
   */
  erasePerson(plan: ErasurePlan, options?: { dryRun?: boolean }): Promise<ErasureCounts>;
}

/** A table with a one-column key whose JSON and text columns may hold the person. */
interface KeyedTable {
  table: keyof Database;
  key: string;
  json: readonly string[];
  text: readonly string[];
  /** The key itself may hold the person (a series key names its repository): rewritten too. */
  rekey?: boolean;
}

const KEYED: readonly KeyedTable[] = [
  { table: "deliveries", key: "seq", json: ["body"], text: [] },
  {
    table: "jobs",
    key: "id",
    json: ["data"],
    text: ["author", "repo", "workflow", "name", "branch", "runner_name", "failure_step"],
  },
  { table: "runs", key: "id", json: ["data"], text: ["repo", "workflow", "branch"] },
  { table: "job_observations", key: "id", json: ["data"], text: [] },
  { table: "run_observations", key: "id", json: ["data"], text: [] },
  { table: "alerts", key: "id", json: ["data"], text: ["subject"] },
  { table: "alert_deliveries", key: "id", json: ["payload"], text: ["last_error"] },
  { table: "alert_work", key: "seq", json: ["job"], text: [] },
  { table: "log_tails", key: "job_id", json: ["lines"], text: [] },
  { table: "job_series", key: "key", json: ["data"], text: [], rekey: true },
  { table: "flaky_runs", key: "job_id", json: [], text: ["repo", "workflow", "name", "branch"] },
];

/** Tables keyed by the values themselves (see `eraseValueKeyed`). */
const VALUE_KEYED = ["job_values", "usage_hourly", "metric_rollups", "metric_daily"] as const;

/**
 * `(c1 LIKE '%a%' OR c1 LIKE '%b%' OR c2 …)`: rows that may hold an alias, whatever its ASCII case
 * (SQLite's LIKE ignores it; PostgreSQL's ILIKE does).
 */
function mayHold(
  db: Kysely<Database>,
  columns: readonly string[],
  aliases: readonly string[],
): RawBuilder<boolean> {
  const like = sql.raw(isPostgres(db) ? "ILIKE" : "LIKE");
  const terms = columns.flatMap((column) =>
    aliases.map(
      (alias) => sql`${sql.ref(column)} ${like} ${`%${alias.replace(/[\\%_]/g, "\\$&")}%`} ESCAPE '\\'`,
    ),
  );
  return sql<boolean>`(${sql.join(terms, sql` OR `)})`;
}

type Row = Record<string, unknown>;

/** Rewrites the matching rows of one keyed table; resolves with how many changed. */
async function eraseKeyed(
  db: Kysely<Database>,
  spec: KeyedTable,
  aliases: readonly string[],
  rewrite: StringRewriter,
): Promise<number> {
  const columns = [...spec.json, ...spec.text, ...(spec.rekey ? [spec.key] : [])];
  let touched = 0;
  let after: unknown = null;
  for (;;) {
    const keyAfter = after === null ? sql`1 = 1` : sql`${sql.ref(spec.key)} > ${after}`;
    const { rows } =
      await sql<Row>`SELECT ${sql.join([...new Set([spec.key, ...columns])].map((c) => sql.ref(c)))}
      FROM ${sql.table(spec.table)} WHERE ${keyAfter} AND ${mayHold(db, columns, aliases)}
      ORDER BY ${sql.ref(spec.key)} LIMIT ${ERASE_PAGE}`.execute(db);
    for (const row of rows) {
      const changes: Record<string, string> = {};
      for (const column of columns) {
        const value = row[column];
        if (typeof value !== "string") continue;
        const next = spec.json.includes(column) ? rewriteJsonText(value, rewrite) : rewrite(value, column);
        if (next !== value) changes[column] = next;
      }
      const set = Object.entries(changes).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
      if (set.length === 0) continue;
      // A rewritten key may meet a row already under it (the person erased before, then seen
      // again): that row goes, so the one rewritten last is kept (SQLite's OR REPLACE, on both engines).
      const newKey = changes[spec.key];
      if (newKey !== undefined)
        await sql`DELETE FROM ${sql.table(spec.table)} WHERE ${sql.ref(spec.key)} = ${newKey}`.execute(db);
      await sql`UPDATE ${sql.table(spec.table)} SET ${sql.join(set)} WHERE ${sql.ref(spec.key)} = ${row[spec.key]}`.execute(
        db,
      );
      touched += 1;
    }
    if (rows.length < ERASE_PAGE) return touched;
    after = rows[rows.length - 1]?.[spec.key];
  }
}

/**
 * The physical row id paged by: SQLite's `rowid`; PostgreSQL's `ctid`, stable within the erasure's
 * transaction for rows it has not rewritten (rewritten rows no longer hold the alias).
 */
function rowId(db: Kysely<Database>): {
  column: RawBuilder<unknown>;
  after: (rid: unknown) => RawBuilder<boolean>;
} {
  return isPostgres(db)
    ? {
        column: sql`ctid`,
        after: (rid) => (rid === null ? sql<boolean>`true` : sql<boolean>`ctid > ${rid}::tid`),
      }
    : { column: sql`rowid`, after: (rid) => sql<boolean>`rowid > ${rid ?? 0}` };
}

/** Reads the row ids of a table's matching rows, a page at a time, and hands each page over. */
async function forEachPage(
  db: Kysely<Database>,
  table: keyof Database,
  columns: readonly string[],
  aliases: readonly string[],
  visit: (rows: Row[]) => Promise<void>,
): Promise<void> {
  const id = rowId(db);
  let after: unknown = null;
  for (;;) {
    const { rows } = await sql<Row>`SELECT ${id.column} AS rid, * FROM ${sql.table(table)}
      WHERE ${id.after(after)} AND ${mayHold(db, columns, aliases)} ORDER BY ${id.column} LIMIT ${ERASE_PAGE}`.execute(
      db,
    );
    await visit(rows);
    if (rows.length < ERASE_PAGE) return;
    after = rows[rows.length - 1]?.rid;
  }
}

/**
 * Tables keyed by the values themselves. A rewritten key may meet a row that
 * already has it (the person erased before, then seen again), so each is moved
 * by delete and merge-insert; roll-ups are dropped and their hours and days
 * marked for rebuilding from the (already rewritten) jobs.
 */
async function eraseValueKeyed(
  db: Kysely<Database>,
  aliases: readonly string[],
  rewrite: StringRewriter,
  counts: ErasureCounts,
): Promise<void> {
  let values = 0;
  await forEachPage(db, "job_values", ["value"], aliases, async (rows) => {
    for (const row of rows) {
      const field = String(row.field);
      const value = String(row.value);
      const next = rewrite(value, field);
      if (next === value) continue;
      await db.deleteFrom("job_values").where("field", "=", field).where("value", "=", value).execute();
      await db
        .insertInto("job_values")
        .values({ field, value: next, last_seen: Number(row.last_seen) })
        .onConflict((oc) =>
          oc.columns(["field", "value"]).doUpdateSet({
            last_seen: sql<number>`${greater("job_values.last_seen", "excluded.last_seen")}`,
          }),
        )
        .execute();
      values += 1;
    }
  });

  counts.job_values = values;
  let usage = 0;
  await forEachPage(db, "usage_hourly", ["repo"], aliases, async (rows) => {
    for (const row of rows) {
      const repo = String(row.repo);
      const next = rewrite(repo, "repo");
      if (next === repo) continue;
      const key = { hour: Number(row.hour), source: String(row.source), pool: String(row.pool) };
      await db
        .deleteFrom("usage_hourly")
        .where("hour", "=", key.hour)
        .where("source", "=", key.source)
        .where("pool", "=", key.pool)
        .where("repo", "=", repo)
        .execute();
      await db
        .insertInto("usage_hourly")
        .values({
          ...key,
          repo: next,
          hosted: Number(row.hosted),
          jobs: Number(row.jobs),
          duration_ms: Number(row.duration_ms),
          minutes: Number(row.minutes),
        })
        .onConflict((oc) =>
          oc.columns(["hour", "source", "pool", "repo"]).doUpdateSet({
            // Qualified: PostgreSQL finds a bare column here ambiguous.
            hosted: sql<number>`${greater("usage_hourly.hosted", "excluded.hosted")}`,
            jobs: sql<number>`usage_hourly.jobs + excluded.jobs`,
            duration_ms: sql<number>`usage_hourly.duration_ms + excluded.duration_ms`,
            minutes: sql<number>`usage_hourly.minutes + excluded.minutes`,
          }),
        )
        .execute();
      usage += 1;
    }
  });

  counts.usage_hourly = usage;

  for (const [table, period] of [
    ["metric_rollups", "hour"],
    ["metric_daily", "day"],
  ] as const) {
    let dropped = 0;
    const stale = new Set<number>();
    await forEachPage(db, table, ["value"], aliases, async (rows) => {
      for (const row of rows) {
        if (rewrite(String(row.value), String(row.dim)) === row.value) continue;
        await sql`DELETE FROM ${sql.table(table)} WHERE ${rowId(db).column} = ${row.rid}${sql.raw(isPostgres(db) ? "::tid" : "")}`.execute(
          db,
        );
        stale.add(Number(row[period]));
        dropped += 1;
      }
    });
    counts[table] = dropped;
    for (const time of stale) {
      // A day's rebuild reads its hours, so a dropped day dirties each of them too.
      const hours =
        period === "hour" ? [time] : Array.from({ length: DAY_MS / HOUR_MS }, (_, i) => time + i * HOUR_MS);
      for (const hour of hours)
        await db
          .insertInto("metric_dirty")
          .values({ hour })
          .onConflict((oc) => oc.column("hour").doNothing())
          .execute();
      const day = Math.floor(time / DAY_MS) * DAY_MS;
      await db
        .insertInto("metric_dirty_days")
        .values({ day })
        .onConflict((oc) => oc.column("day").doNothing())
        .execute();
    }
  }
}

/** The larger of two columns, on both engines (SQLite's two-argument max is PostgreSQL's greatest). */
function greater(a: string, b: string): RawBuilder<number> {
  return sql<number>`CASE WHEN ${sql.ref(b)} > ${sql.ref(a)} THEN ${sql.ref(b)} ELSE ${sql.ref(a)} END`;
}

/** Thrown to roll a dry run back. */
class DryRun extends Error {
  constructor(readonly counts: ErasureCounts) {
    super("dry run");
  }
}

/** The privacy slice over a Kysely database. */
export function createPrivacyStore(db: Kysely<Database>): PrivacyStore {
  return {
    async findPersonAliases(person) {
      const aliases = aliasesOf(person);
      const terms = allAliases(aliases);
      if (terms.length === 0) return aliases;
      await forEachPage(db, "deliveries", ["body"], terms, async (rows) => {
        for (const row of rows) {
          try {
            discoverAliases(JSON.parse(String(row.body)), aliases);
          } catch {
            // A stored body that is not JSON names nobody we can find by field.
          }
        }
      });
      return aliases;
    },

    async erasePerson(plan, options = {}) {
      const aliases = allAliases(plan);
      const rewrite = stringRewriter(plan);
      const erase = async (trx: Kysely<Database>) => {
        const counts: ErasureCounts = Object.fromEntries(
          [...KEYED.map((spec) => spec.table), ...VALUE_KEYED].map((table) => [table, 0]),
        );
        for (const spec of KEYED)
          counts[spec.table] = aliases.length ? await eraseKeyed(trx, spec, aliases, rewrite) : 0;
        if (aliases.length) await eraseValueKeyed(trx, aliases, rewrite, counts);
        return counts;
      };
      try {
        return await db.transaction().execute(async (trx) => {
          const counts = await erase(trx);
          if (options.dryRun) throw new DryRun(counts);
          return counts;
        });
      } catch (error) {
        if (error instanceof DryRun) return error.counts;
        throw error;
      }
    },
  };
}
