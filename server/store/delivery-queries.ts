/**
 * The raw-delivery log (dedupe on insert, reads for replay) and the delivery
 * health counters.
 */
import { sql, type Kysely } from "kysely";
import { ACTIVE_STATUSES, type JobSource } from "../../lib/job";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import type { DeliveryRecord, StoredDelivery } from "./records";
import { reusable } from "./compiled";
import type { Database, DeliveriesTable } from "./schema";

export const REFUSED: ReadonlySet<DeliveryOutcome> = new Set(["rejected", "invalid"]);

// The newer of the stored and the incoming time, written so SQLite and PostgreSQL agree
// (SQLite's two-argument max() is NULL when either side is).
const newer = (column: "last_delivery_at" | "last_accepted_at" | "last_refused_at") =>
  sql<number>`CASE WHEN ${sql.ref(`delivery_stats.${column}`)} IS NULL OR ${sql.ref(`delivery_stats.${column}`)} < ${sql.ref(`excluded.${column}`)} THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`delivery_stats.${column}`)} END`;

/** Stores a delivery raw; resolves false when its (source, delivery id) was already stored. */
export async function insertDelivery(db: Kysely<Database>, record: DeliveryRecord): Promise<boolean> {
  const inserted = await insertDeliveryRow(db, {
    source: record.source,
    delivery_id: record.deliveryId,
    event: record.event,
    kind: record.kind,
    job_id: record.observations.jobs[0]?.id ?? null,
    received_at: record.receivedAt,
    body: record.body,
  });
  return Number(inserted.numAffectedRows ?? 0) > 0;
}

const insertDeliveryRow = reusable((db, row: Omit<DeliveriesTable, "seq">) =>
  db
    .insertInto("deliveries")
    .values(row)
    .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing()),
);

/** Adds one delivery with `outcome` to the source's counters; resolves with them. */
export async function incrementDeliveryStats(
  db: Kysely<Database>,
  source: JobSource,
  outcome: DeliveryOutcome,
  at: number,
): Promise<DeliveryStats> {
  await COUNT_DELIVERY[outcome](db, source, at);
  const row = (await selectStatsRow(db, source)).rows[0];
  if (row === undefined) throw new Error(`no delivery counts for ${source} after counting one`);
  return toStats(row);
}

/** Counts one delivery with an outcome (the outcome picks the columns, so one query each). */
function countDelivery(outcome: DeliveryOutcome) {
  const refused = REFUSED.has(outcome);
  return reusable((db, source: string, at: number) =>
    db
      .insertInto("delivery_stats")
      .values({
        source,
        [outcome]: 1,
        last_delivery_at: at,
        last_accepted_at: refused ? null : at,
        last_refused_at: refused ? at : null,
      })
      .onConflict((oc) =>
        oc.column("source").doUpdateSet({
          [outcome]: sql<number>`${sql.ref(`delivery_stats.${outcome}`)} + 1`,
          last_delivery_at: newer("last_delivery_at"),
          ...(refused
            ? { last_refused_at: newer("last_refused_at") }
            : { last_accepted_at: newer("last_accepted_at") }),
        }),
      ),
  );
}
const COUNT_DELIVERY: Record<DeliveryOutcome, ReturnType<typeof countDelivery>> = {
  accepted: countDelivery("accepted"),
  duplicate: countDelivery("duplicate"),
  ignored: countDelivery("ignored"),
  rejected: countDelivery("rejected"),
  invalid: countDelivery("invalid"),
};
const selectStatsRow = reusable((db, source: string) =>
  db.selectFrom("delivery_stats").selectAll().where("source", "=", source),
);

/** Counters of every source that has had a delivery. */
export async function selectDeliveryStats(db: Kysely<Database>): Promise<DeliveryStats[]> {
  const rows = await db.selectFrom("delivery_stats").selectAll().orderBy("source").execute();
  return rows.map(toStats);
}

const iso = (time: number | null) => (time === null ? null : new Date(Number(time)).toISOString());

export function toStats(row: {
  source: string;
  accepted: number;
  duplicate: number;
  ignored: number;
  rejected: number;
  invalid: number;
  last_delivery_at: number | null;
  last_accepted_at: number | null;
  last_refused_at: number | null;
}): DeliveryStats {
  return {
    source: row.source as JobSource,
    counts: {
      accepted: Number(row.accepted),
      duplicate: Number(row.duplicate),
      ignored: Number(row.ignored),
      rejected: Number(row.rejected),
      invalid: Number(row.invalid),
    },
    lastDeliveryAt: iso(row.last_delivery_at),
    lastAcceptedAt: iso(row.last_accepted_at),
    lastRefusedAt: iso(row.last_refused_at),
  };
}

/** Active jobs flagged lost, per source. */
export async function countLostJobs(db: Kysely<Database>): Promise<Partial<Record<JobSource, number>>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["source", (eb) => eb.fn.countAll<number>().as("n")])
    .where("lost", "=", 1)
    .where("status", "in", ACTIVE_STATUSES)
    .groupBy("source")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.source, Number(r.n)]));
}

/** Stored deliveries after `afterSeq`, oldest first. */
export async function selectDeliveriesAfter(
  db: Kysely<Database>,
  afterSeq: number,
  limit: number,
): Promise<StoredDelivery[]> {
  const rows = await db
    .selectFrom("deliveries")
    .select(["seq", "source", "delivery_id", "event", "received_at", "body"])
    .where("seq", ">", afterSeq)
    .orderBy("seq", "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    source: r.source as JobSource,
    deliveryId: r.delivery_id,
    event: r.event,
    receivedAt: Number(r.received_at),
    body: r.body,
  }));
}

/** How many deliveries are stored. */
export async function countStoredDeliveries(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
