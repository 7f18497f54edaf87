/**
 * The observation logs: every report of a job or run as received, in arrival
 * order, so the stored record can be re-folded from all of them (the merge is
 * order-independent only over the whole set).
 */
import type { Kysely } from "kysely";
import { addObservations, deferred, pendingObservations, type ObservationKind } from "./batch-deferred";
import { reusable } from "./compiled";
import type { Database } from "./schema";

export type { ObservationKind };

// Kysely cannot type a table chosen at run time, so each log is spelled out once.
const LOGS = {
  job: {
    read: reusable((db, id: string) =>
      db.selectFrom("job_observations").select("data").where("job_id", "=", id).orderBy("id"),
    ),
    write: reusable((db, id: string, data: string) =>
      db.insertInto("job_observations").values({ job_id: id, data }),
    ),
    clear: reusable((db, id: string) => db.deleteFrom("job_observations").where("job_id", "=", id)),
  },
  run: {
    read: reusable((db, id: string) =>
      db.selectFrom("run_observations").select("data").where("run_id", "=", id).orderBy("id"),
    ),
    write: reusable((db, id: string, data: string) =>
      db.insertInto("run_observations").values({ run_id: id, data }),
    ),
    clear: reusable((db, id: string) => db.deleteFrom("run_observations").where("run_id", "=", id)),
  },
};

/** Every logged observation of a record, oldest first (those a batch has not written yet included). */
export async function selectObservations<T>(
  db: Kysely<Database>,
  kind: ObservationKind,
  id: string,
): Promise<T[]> {
  const stored = (await LOGS[kind].read(db, id)).rows.map((row) => row.data);
  return [...stored, ...pendingObservations(db, kind, id)].map((data) => JSON.parse(data) as T);
}

/** Appends observations of a record, in order (in a batch: at its end, see batch-deferred.ts). */
export async function insertObservations(
  db: Kysely<Database>,
  kind: ObservationKind,
  id: string,
  observations: readonly unknown[],
): Promise<void> {
  const pending = deferred(db);
  if (pending) {
    addObservations(
      pending,
      kind,
      id,
      observations.map((observation) => JSON.stringify(observation)),
    );
    return;
  }
  for (const observation of observations) await LOGS[kind].write(db, id, JSON.stringify(observation));
}

/** Forgets every observation of a record (a replay rebuilding it). */
export async function deleteObservations(
  db: Kysely<Database>,
  kind: ObservationKind,
  id: string,
): Promise<void> {
  await LOGS[kind].clear(db, id);
}
