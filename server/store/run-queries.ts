/**
 * Run reads and writes, dialect-neutral like the job queries.
 */
import type { Expression, Kysely, SqlBool } from "kysely";
import type { TeamScope } from "../../lib/teams";
import { runScopeCondition, scopeCondition } from "./team-scope";
import type { RunQuery } from "../../lib/api";
import type { Job, JobStatus } from "../../lib/job";
import type { PipelineRun, RunDetail, RunJobCounts, RunListResponse } from "../../lib/run";
import { decodeCursor, encodeCursor } from "./cursor";
import { reusable } from "./compiled";
import type { Database, RunsTable } from "./schema";

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Reads one run and the replay that last rebuilt it. */
export async function selectRunWithGeneration(
  db: Kysely<Database>,
  id: string,
): Promise<{ run: PipelineRun; generation: string | null } | null> {
  const row = (await selectRunRow(db, id)).rows[0];
  return row ? { run: JSON.parse(row.data) as PipelineRun, generation: row.replay_gen } : null;
}

/** Inserts or replaces a run; one without queue or start time keeps the position it was first seen at. */
export async function upsertRun(
  db: Kysely<Database>,
  run: PipelineRun,
  now: number,
  generation?: string,
): Promise<void> {
  const vendorCreated = ms(run.queuedAt) ?? ms(run.startedAt);
  const row = {
    id: run.id,
    source: run.source,
    repo: run.repo,
    workflow: run.workflow,
    branch: run.branch,
    status: run.status,
    reported: run.reported ? 1 : 0,
    created_at: vendorCreated ?? now,
    updated_at: now,
    data: JSON.stringify(run),
  };
  await UPSERT_RUN[generation === undefined ? "live" : "replayed"][
    vendorCreated === null ? "keepCreated" : "all"
  ](db, row, generation ?? null);
}

type RunRow = Omit<RunsTable, "replay_gen">;

const selectRunRow = reusable((db, id: string) =>
  db.selectFrom("runs").select(["data", "replay_gen"]).where("id", "=", id),
);

// Every column but the key, and `created_at` only when the vendor gave a time (else first seen stays).
const runUpsert = (db: Kysely<Database>, set: Partial<RunsTable>, keepCreated: boolean) => {
  const { id: _id, created_at, ...changes } = set as RunsTable;
  return db
    .insertInto("runs")
    .values(set as RunsTable)
    .onConflict((oc) => oc.column("id").doUpdateSet(keepCreated ? changes : { ...changes, created_at }));
};
// Replay also stamps the generation that rebuilt the row (live writes leave it as is).
const UPSERT_RUN = {
  live: {
    all: reusable((db, row: RunRow, _generation: string | null) => runUpsert(db, row, false)),
    keepCreated: reusable((db, row: RunRow, _generation: string | null) => runUpsert(db, row, true)),
  },
  replayed: {
    all: reusable((db, row: RunRow, generation: string | null) =>
      runUpsert(db, { ...row, replay_gen: generation }, false),
    ),
    keepCreated: reusable((db, row: RunRow, generation: string | null) =>
      runUpsert(db, { ...row, replay_gen: generation }, true),
    ),
  },
};

/** One page of runs, newest first, with their job counts. @throws QueryError for a bad cursor. */
export async function selectRuns(
  db: Kysely<Database>,
  query: RunQuery,
  scope: TeamScope = null,
): Promise<RunListResponse> {
  let q = db.selectFrom("runs").select(["id", "data", "created_at"]);
  const inScope = runScopeCondition(scope);
  if (inScope) q = q.where(inScope);
  if (query.status?.length) q = q.where("status", "in", query.status);
  if (query.source) q = q.where("source", "=", query.source);
  if (query.repo) q = q.where("repo", "=", query.repo);
  if (query.branch) q = q.where("branch", "=", query.branch);
  if (query.workflow) q = q.where("workflow", "=", query.workflow);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([
        eb("created_at", "<", after.key),
        eb.and([eb("created_at", "=", after.key), eb("id", "<", after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const counts = await countJobsByRun(
    db,
    page.map((r) => r.id),
    scope,
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...(JSON.parse(r.data) as PipelineRun),
      jobs: counts.get(r.id) ?? { total: 0 },
    })),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ key: last.created_at, id: last.id }) : null,
  };
}

async function countJobsByRun(
  db: Kysely<Database>,
  runIds: string[],
  scope: TeamScope,
): Promise<Map<string, RunJobCounts>> {
  const counts = new Map<string, RunJobCounts>();
  if (runIds.length === 0) return counts;
  // A scoped caller counts only its own jobs of each run.
  const inScope = scopeCondition(scope);
  const rows = await db
    .selectFrom("jobs")
    .select(["run_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("run_id", "in", runIds)
    .$if(inScope !== null, (q) => q.where(inScope as Expression<SqlBool>))
    .groupBy(["run_id", "status"])
    .execute();
  for (const row of rows) {
    if (!row.run_id) continue;
    const entry = counts.get(row.run_id) ?? { total: 0 };
    const n = Number(row.n);
    entry[row.status as JobStatus] = n;
    entry.total += n;
    counts.set(row.run_id, entry);
  }
  return counts;
}

/**
 * One run with its jobs in the order they were queued, or null. A scoped
 * caller gets only its jobs of the run, and null when it has none.
 */
export async function selectRunDetail(
  db: Kysely<Database>,
  id: string,
  scope: TeamScope = null,
): Promise<RunDetail | null> {
  const found = await selectRunWithGeneration(db, id);
  if (!found) return null;
  const inScope = scopeCondition(scope);
  const jobs = await db
    .selectFrom("jobs")
    .select("data")
    .where("run_id", "=", id)
    .$if(inScope !== null, (q) => q.where(inScope as Expression<SqlBool>))
    .orderBy("created_at", "asc")
    .orderBy("id", "asc")
    .execute();
  if (scope !== null && jobs.length === 0) return null;
  return { run: found.run, jobs: jobs.map((r) => JSON.parse(r.data) as Job) };
}
