/**
 * Writes a group-commit batch makes at its end, in multi-row statements,
 * instead of one statement per delivery: the observation logs, the filter
 * values (`job_values`) and the stale roll-up hours (`metric_dirty`). On
 * PostgreSQL each statement is a round trip; these were about 2.7 per delivery.
 *
 * Only writes that nothing in the batch reads back are deferred, except the
 * observation logs, whose reader adds the pending entries (`pendingObservations`)
 * to what the database holds. Each item's writes are kept apart until it
 * succeeds: an item that fails (its savepoint rolled back) drops them.
 * Outside a batch (a single delivery, a replay) every write is made at once.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

/** Which log: reports of jobs or of runs. */
export type ObservationKind = "job" | "run";

/** What is waiting to be written. */
interface Pending {
  /** By record ("<kind> <id>"): its observations as JSON, in logged order. */
  logs: Map<string, { kind: ObservationKind; id: string; data: string[] }>;
  /** By field and value: the latest time each was seen. */
  values: Map<string, { field: string; value: string; last_seen: number }>;
  hours: Set<number>;
}

interface State {
  batch: Pending;
  /** The running item's writes, kept only if it succeeds. */
  item: Pending | null;
}

const states = new WeakMap<Kysely<Database>, State>();

const empty = (): Pending => ({ logs: new Map(), values: new Map(), hours: new Set() });

const logKey = (kind: ObservationKind, id: string) => `${kind} ${id}`;

/** Rows per multi-row statement: well under SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 300;

/** From now until `flushDeferred`, the writes this module handles in `trx` wait for the batch's end. */
export function deferWrites(trx: Kysely<Database>): void {
  states.set(trx, { batch: empty(), item: null });
}

/** Starts keeping one item's deferred writes apart (see `endDeferredItem`). */
export function beginDeferredItem(trx: Kysely<Database>): void {
  const state = states.get(trx);
  if (state) state.item = empty();
}

/** Ends the running item: its deferred writes join the batch's when `keep`, else they are dropped. */
export function endDeferredItem(trx: Kysely<Database>, keep: boolean): void {
  const state = states.get(trx);
  if (!state?.item) return;
  const item = state.item;
  state.item = null;
  if (!keep) return;
  for (const log of item.logs.values()) addObservations(state.batch, log.kind, log.id, log.data);
  for (const row of item.values.values()) addValue(state.batch, row.field, row.value, row.last_seen);
  for (const hour of item.hours) state.batch.hours.add(hour);
}

/** Where a deferred write goes now: the running item's, else the batch's; null outside a batch (write now). */
export function deferred(db: Kysely<Database>): Pending | null {
  const state = states.get(db);
  return state ? (state.item ?? state.batch) : null;
}

/** Adds one filter value seen at `seen`; a value seen twice keeps the later time. */
export function addValue(pending: Pending, field: string, value: string, seen: number): void {
  const key = `${field}\u0000${value}`;
  const row = pending.values.get(key);
  if (!row) pending.values.set(key, { field, value, last_seen: seen });
  else if (seen > row.last_seen) row.last_seen = seen;
}

/** Logs observations (as JSON) of one record, after those already pending. */
export function addObservations(
  pending: Pending,
  kind: ObservationKind,
  id: string,
  data: readonly string[],
): void {
  const key = logKey(kind, id);
  const log = pending.logs.get(key);
  if (log) log.data.push(...data);
  else pending.logs.set(key, { kind, id, data: [...data] });
}

/** Observations of one record logged in this batch and not yet written, oldest first (as JSON). */
export function pendingObservations(db: Kysely<Database>, kind: ObservationKind, id: string): string[] {
  const state = states.get(db);
  if (!state) return [];
  const key = logKey(kind, id);
  return [...(state.batch.logs.get(key)?.data ?? []), ...(state.item?.logs.get(key)?.data ?? [])];
}

/**
 * Writes what the batch deferred, a few multi-row statements in all, and
 * stops deferring. `minStepMs`: a filter value's `last_seen` moves only by
 * more than this (job-values.ts's LAST_SEEN_STEP_MS).
 */
export async function flushDeferred(trx: Kysely<Database>, minStepMs: number): Promise<void> {
  const state = states.get(trx);
  if (!state) return;
  states.delete(trx);
  const { logs, values, hours } = state.batch;
  // Each record's observations in logged order (the log's order is its rows' ids).
  const observations = [...logs.values()].flatMap((log) =>
    log.data.map((data) => ({ kind: log.kind, id: log.id, data })),
  );
  const chunks = <T>(rows: readonly T[]) =>
    Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) =>
      rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT),
    );
  for (const chunk of chunks(observations.filter((o) => o.kind === "job")))
    await trx
      .insertInto("job_observations")
      .values(chunk.map((o) => ({ job_id: o.id, data: o.data })))
      .execute();
  for (const chunk of chunks(observations.filter((o) => o.kind === "run")))
    await trx
      .insertInto("run_observations")
      .values(chunk.map((o) => ({ run_id: o.id, data: o.data })))
      .execute();
  for (const chunk of chunks([...values.values()]))
    await trx
      .insertInto("job_values")
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(["field", "value"])
          .doUpdateSet({ last_seen: (eb) => eb.ref("excluded.last_seen") })
          .where(sql<boolean>`job_values.last_seen < excluded.last_seen - ${minStepMs}`),
      )
      .execute();
  for (const chunk of chunks([...hours].sort((a, b) => a - b)))
    await trx
      .insertInto("metric_dirty")
      .values(chunk.map((hour) => ({ hour })))
      .onConflict((oc) => oc.column("hour").doNothing())
      .execute();
}
