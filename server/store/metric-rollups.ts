/**
 * Hourly metric roll-ups. A job write marks the hours it touches (where it
 * started and finished, before and after the change) dirty in the same
 * transaction — one tiny insert on the ingest path. `refreshRollups` later
 * rebuilds each dirty hour from its jobs, for everything (`*`) and for every
 * dimension value, so a late or corrected event fixes the hours it moves
 * between, and nothing is ever decremented or double-counted. The same
 * rebuild keeps the flaky rule's candidates (`metric-flaky.ts`). A rebuild runs
 * in short steps with the event loop free between them (a busy hour holds
 * thousands of jobs): it never blocks webhooks or sockets for long.
 */
import type { Kysely } from "kysely";
import type { Dimension } from "../../lib/metrics";
import { addFact, emptyAggregate, type Aggregate } from "../domain/metric-aggregate";
import { absorbEncoded, encodeSketch } from "../domain/sketch";
import { yieldToEventLoop } from "../runtime/yield";
import { rebuildFlakyRuns } from "./metric-flaky";
import { deferred } from "./batch-deferred";
import { reusable } from "./compiled";
import { scanJobPages, type ScannedJob } from "./metric-scan";
import type { Database, MetricRollupsTable } from "./schema";

/** One hour in ms. */
export const HOUR_MS = 3_600_000;

/** The roll-up dimension of "everything". */
export const ALL = "*";

/** Every roll-up dimension: everything, then each filterable one. */
export const ROLLUP_DIMS = [ALL, "source", "repo", "branch", "workflow", "job", "label"] as const;

/** One day in ms. */
export const DAY_MS = 86_400_000;

/** Start of the UTC day holding `ms`. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Start of the UTC hour holding `ms`. */
export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** The dimension values a job counts under (`*` included). */
export function dimensionValues(job: ScannedJob): [Dimension | typeof ALL, string][] {
  const values: [Dimension | typeof ALL, string][] = [
    [ALL, ALL],
    ["source", job.source],
    ["repo", job.repo],
    ["workflow", job.workflow],
    ["job", job.name],
  ];
  if (job.branch !== null) values.push(["branch", job.branch]);
  for (const label of new Set(job.labels)) values.push(["label", label]);
  return values;
}

/** Marks the hours of these times (ms; nulls skipped) stale. */
export async function markDirty(db: Kysely<Database>, times: readonly (number | null)[]): Promise<void> {
  const hours = [...new Set(times.filter((t): t is number => t !== null).map(hourOf))];
  // In a batch: one multi-row insert at its end (batch-deferred.ts).
  const pending = deferred(db);
  for (const hour of hours) {
    if (pending) pending.hours.add(hour);
    else await insertDirtyHour(db, hour);
  }
}

const insertDirtyHour = reusable((db, hour: number) =>
  db
    .insertInto("metric_dirty")
    .values({ hour })
    .onConflict((oc) => oc.column("hour").doNothing()),
);

/** Stale hours rebuilt per round. */
export const REFRESH_BATCH = 500;

/** Jobs read per step of a rebuild: a few ms of work each, so no step blocks the event loop for long. */
export const REBUILD_PAGE = 500;

/** Roll-up rows written per transaction (13 columns a row: well under SQLite's bound-parameter limit). */
const ROWS_PER_WRITE = 500;

/**
 * A claimed mark: the hour is being rebuilt. Stored one ms past the hour (real
 * marks are whole hours), so a write landing meanwhile marks the hour again
 * without conflict and the hour is rebuilt once more next round; a claim left
 * by a crash is rebuilt next round too.
 */
const claimOf = (hour: number) => hour + 1;
const hourOfMark = (mark: number) => (mark % HOUR_MS === 0 ? mark : mark - 1);

/** Options of {@link refreshRollups}. */
export interface RefreshOptions {
  /** Most stale hours rebuilt this round (default {@link REFRESH_BATCH}). */
  limit?: number;
  /** Jobs read per step (default {@link REBUILD_PAGE}). */
  pageSize?: number;
  /** Awaited between steps (default {@link yieldToEventLoop}). */
  between?: () => Promise<void>;
}

/**
 * Rebuilds up to `limit` stale hours, oldest first; resolves with how many were
 * rebuilt. The work is cut into short steps with `between()` after each, so the
 * event loop keeps serving webhooks and sockets: claim the hours (one small
 * transaction), then per hour read its jobs a page at a time, and write its rows,
 * dropping its claim, in one transaction.
 */
export async function refreshRollups(db: Kysely<Database>, options: RefreshOptions = {}): Promise<number> {
  const { limit = REFRESH_BATCH, pageSize = REBUILD_PAGE, between = yieldToEventLoop } = options;
  const marks = await db.selectFrom("metric_dirty").select("hour").orderBy("hour").limit(limit).execute();
  const hours = [...new Set(marks.map((m) => hourOfMark(Number(m.hour))))].sort((a, b) => a - b);
  if (hours.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    const plain = marks.map((m) => Number(m.hour)).filter((mark) => mark % HOUR_MS === 0);
    await trx
      .insertInto("metric_dirty")
      .values(hours.map((hour) => ({ hour: claimOf(hour) })))
      .onConflict((oc) => oc.column("hour").doNothing())
      .execute();
    if (plain.length > 0) await trx.deleteFrom("metric_dirty").where("hour", "in", plain).execute();
  });
  for (const hour of hours) {
    await between();
    const rollup = createSpanRollup(hour, hour + HOUR_MS, dimensionValues);
    await scanJobPages(db, hour, hour + HOUR_MS, pageSize, (jobs) => jobs.forEach(rollup.add), between);
    const rows = rollup.rows().map((row) => ({ ...row, hour }));
    await between();
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("metric_rollups")
        .where("dim", "in", ROLLUP_DIMS)
        .where("hour", "=", hour)
        .execute();
      // Its day's roll-ups follow (rebuilt after the hours, by `refreshDays`).
      await trx
        .insertInto("metric_dirty_days")
        .values({ day: dayOf(hour) })
        .onConflict((oc) => oc.column("day").doNothing())
        .execute();
      for (let j = 0; j < rows.length; j += ROWS_PER_WRITE)
        await trx
          .insertInto("metric_rollups")
          .values(rows.slice(j, j + ROWS_PER_WRITE))
          .execute();
      await rebuildFlakyRuns(trx, hour, hour + HOUR_MS);
      await trx.deleteFrom("metric_dirty").where("hour", "=", claimOf(hour)).execute();
    });
  }
  return hours.length;
}

/** How many hours are waiting to be rebuilt. */
export async function countDirtyHours(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("metric_dirty")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The roll-up rows of one hour, from the jobs that started or finished in it. */
export function rollupRows(jobs: readonly ScannedJob[], hour: number): MetricRollupsTable[] {
  return spanRows(jobs, hour, hour + HOUR_MS, dimensionValues).map((row) => ({ ...row, hour }));
}

/**
 * One row per dimension value of the jobs that started or finished in
 * [from, to), each value as `valuesOf` names them.
 */
export function spanRows(
  jobs: readonly ScannedJob[],
  from: number,
  to: number,
  valuesOf: (job: ScannedJob) => [string, string][],
): Omit<MetricRollupsTable, "hour">[] {
  const rollup = createSpanRollup(from, to, valuesOf);
  jobs.forEach(rollup.add);
  return rollup.rows();
}

/** A span's roll-up built a job at a time (each job once: the caller deduplicates). */
function createSpanRollup(from: number, to: number, valuesOf: (job: ScannedJob) => [string, string][]) {
  const aggregates = new Map<string, { dim: string; value: string; aggregate: Aggregate }>();
  const add = (job: ScannedJob) => {
    for (const [dim, value] of valuesOf(job)) {
      const key = `${dim}\u0000${value}`;
      let entry = aggregates.get(key);
      if (!entry) aggregates.set(key, (entry = { dim, value, aggregate: emptyAggregate() }));
      addFact(entry.aggregate, job, from, to);
    }
  };
  const rows = (): Omit<MetricRollupsTable, "hour">[] =>
    [...aggregates.values()].map(({ dim, value, aggregate: a }) => ({
      dim,
      value,
      success: a.success,
      failure: a.failure,
      timed_out: a.timed_out,
      cancelled: a.cancelled,
      skipped: a.skipped,
      neutral: a.neutral,
      finished: a.finished,
      started: a.started,
      duration: encodeSketch(a.duration),
      queue: encodeSketch(a.queue),
    }));
  return { add, rows };
}

/** Which sketches a read needs (each parsed sketch costs; counts are free). */
export interface SketchNeed {
  duration: boolean;
  queue: boolean;
}

/** Both sketches. */
export const BOTH_SKETCHES: SketchNeed = { duration: true, queue: true };

/** A roll-up row as read: a sketch column is absent when not asked for. */
export type RollupRow = Omit<MetricRollupsTable, "duration" | "queue"> & {
  duration?: string;
  queue?: string;
};

/** Adds a stored roll-up row to `target` in place (a sketch not read adds nothing); returns it. */
export function absorbRow(target: Aggregate, row: RollupRow): Aggregate {
  target.success += Number(row.success);
  target.failure += Number(row.failure);
  target.timed_out += Number(row.timed_out);
  target.cancelled += Number(row.cancelled);
  target.skipped += Number(row.skipped);
  target.neutral += Number(row.neutral);
  target.finished += Number(row.finished);
  target.started += Number(row.started);
  // Parsed straight into the target: a row's sketch never becomes an array of its own.
  if (row.duration !== undefined) absorbEncoded(target.duration, row.duration);
  if (row.queue !== undefined) absorbEncoded(target.queue, row.queue);
  return target;
}

/**
 * Roll-up rows of hours [fromHour, toHour] for one dimension: one value, or
 * every value when `value` is null.
 */
export async function readRollups(
  db: Kysely<Database>,
  dim: string,
  value: string | null,
  fromHour: number,
  toHour: number,
  need: SketchNeed = BOTH_SKETCHES,
): Promise<RollupRow[]> {
  const columns = [
    "dim",
    "value",
    "hour",
    "success",
    "failure",
    "timed_out",
    "cancelled",
    "skipped",
    "neutral",
    "finished",
    "started",
    ...(need.duration ? (["duration"] as const) : []),
    ...(need.queue ? (["queue"] as const) : []),
  ] as const;
  let q = db
    .selectFrom("metric_rollups")
    .select(columns)
    .where("dim", "=", dim)
    .where("hour", ">=", fromHour)
    .where("hour", "<=", toHour);
  if (value !== null) q = q.where("value", "=", value);
  return q.execute();
}
