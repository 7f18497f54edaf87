/**
 * Superseded cancellations: a cancelled run (and its cancelled jobs) is marked
 * `superseded` when a newer run of its lineage — same repo, workflow and
 * branch — was queued before it was cancelled, or at most
 * {@link SUPERSEDE_GRACE_MS} after. That is what "cancel in progress" on a new
 * push (GitHub concurrency groups, GitLab auto-cancel, Buildkite's cancel
 * intermediate builds) looks like from outside.
 *
 * Either event may arrive first, so the rule is checked from both sides, each
 * one seek in the `runs_lineage` index (migration 0011): when a run is written
 * cancelled (is there a newer run?) and when a run is first written (was the
 * one before it just cancelled?). A run without a branch has no lineage.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Change } from "./records";
import type { Database } from "./schema";

/** How long after a cancellation a newer run's queueing still explains it. */
export const SUPERSEDE_GRACE_MS = 60_000;

/** What marking a run superseded changed: the run and its cancelled jobs. */
export interface Superseded {
  run: Change<PipelineRun>;
  jobs: Change<Job>[];
}

interface LineageRow {
  id: string;
  repo: string;
  workflow: string;
  branch: string | null;
  created_at: number;
  updated_at: number;
  status: string;
  data: string;
}

const COLUMNS = ["id", "repo", "workflow", "branch", "created_at", "updated_at", "status", "data"] as const;

const selectRun = (db: Kysely<Database>, id: string) =>
  db.selectFrom("runs").select(COLUMNS).where("id", "=", id).executeTakeFirst();

/** When a cancelled run stopped: its finish time, else when it was last written. */
function cancelledAt(row: LineageRow, run: PipelineRun): number {
  const finished = run.finishedAt === null ? Number.NaN : Date.parse(run.finishedAt);
  return Number.isFinite(finished) ? finished : Number(row.updated_at);
}

const isOpenCancellation = (row: LineageRow, run: PipelineRun) =>
  row.status === "cancelled" && row.branch !== null && run.superseded !== true;

/**
 * Marks the stored run `id` superseded when it is a cancellation a newer run
 * of its lineage explains; null when it is not (or already marked).
 */
export async function supersedeIfReplaced(db: Kysely<Database>, id: string): Promise<Superseded | null> {
  const row = await selectRun(db, id);
  if (!row) return null;
  const run = JSON.parse(row.data) as PipelineRun;
  if (!isOpenCancellation(row, run)) return null;
  const newer = await db
    .selectFrom("runs")
    .select("id")
    .where("repo", "=", row.repo)
    .where("workflow", "=", row.workflow)
    .where("branch", "=", row.branch)
    .where("created_at", ">", Number(row.created_at))
    .where("created_at", "<=", cancelledAt(row, run) + SUPERSEDE_GRACE_MS)
    .where("id", "!=", row.id)
    .limit(1)
    .executeTakeFirst();
  return newer ? markSuperseded(db, row.id, run) : null;
}

/**
 * After the run `id` was first written: marks the run just before it in its
 * lineage superseded when that one was cancelled at most the grace before this
 * one was queued (or after); null when there is none such.
 */
export async function supersedePredecessor(db: Kysely<Database>, id: string): Promise<Superseded | null> {
  const row = await selectRun(db, id);
  if (!row || row.branch === null) return null;
  const before = await db
    .selectFrom("runs")
    .select(COLUMNS)
    .where("repo", "=", row.repo)
    .where("workflow", "=", row.workflow)
    .where("branch", "=", row.branch)
    .where("created_at", "<", Number(row.created_at))
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!before) return null;
  const run = JSON.parse(before.data) as PipelineRun;
  if (!isOpenCancellation(before, run)) return null;
  if (Number(row.created_at) > cancelledAt(before, run) + SUPERSEDE_GRACE_MS) return null;
  return markSuperseded(db, before.id, run);
}

/** True when the stored run `id` is marked superseded (a job cancelled after its run was marked follows it). */
export async function isRunSuperseded(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom("runs").select("data").where("id", "=", id).executeTakeFirst();
  return row !== undefined && (JSON.parse(row.data) as PipelineRun).superseded === true;
}

/**
 * Marks a run and its cancelled jobs superseded: only their `data` changes (no
 * indexed column holds the flag). The jobs are read through `jobs_run`: one
 * run's jobs, never a scan.
 */
async function markSuperseded(db: Kysely<Database>, id: string, previous: PipelineRun): Promise<Superseded> {
  const current: PipelineRun = { ...previous, superseded: true };
  await db
    .updateTable("runs")
    .set({ data: JSON.stringify(current) })
    .where("id", "=", id)
    .execute();
  const rows = await db
    .selectFrom("jobs")
    .select(["id", "data"])
    .where("run_id", "=", id)
    .where("status", "=", "cancelled")
    .execute();
  const jobs: Change<Job>[] = [];
  for (const row of rows) {
    const job = JSON.parse(row.data) as Job;
    if (job.superseded) continue;
    const marked: Job = { ...job, superseded: true };
    await db
      .updateTable("jobs")
      .set({ data: JSON.stringify(marked) })
      .where("id", "=", row.id)
      .execute();
    jobs.push({ current: marked, previous: job });
  }
  return { run: { current, previous }, jobs };
}

/** Keeps a flag the store inferred across a re-fold of the record's observations (they never carry it). */
export function keepSuperseded<T extends { status: string; superseded?: boolean }>(
  previous: T | null,
  next: T,
): T {
  return previous?.superseded && next.status === "cancelled" && !next.superseded
    ? { ...next, superseded: true }
    : next;
}
