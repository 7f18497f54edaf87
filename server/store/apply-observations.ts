/**
 * Writes what one delivery observed — jobs, runs, runners — inside the
 * delivery's transaction. Each record goes through the same three steps: load
 * what is stored, let the domain decide what it becomes (order-independent
 * merge rules, runner rules), save it when it changed. Shared by live ingest
 * and replay.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { runIdOf, type PipelineRun } from "../../lib/run";
import { poolOf, type Runner, type RunnerKind } from "../../lib/runner";
import { foldJob } from "../domain/merge";
import type { AgentObservation, Observations } from "../domain/observations";
import { foldRun, runFromJobs } from "../domain/run-merge";
import {
  formerRunnerId,
  runnerAfterAgent,
  runnerAfterJob,
  runnerId,
  runnerReleased,
} from "../domain/runner-state";
import { pendingObservations } from "./batch-deferred";
import { forgetPrefetched, takePrefetched } from "./batch-prefetch";
import { lockRecords } from "./dialect";
import { selectPoolKinds, withPoolKind } from "./fleet-kinds";
import { updateUsage } from "./fleet-usage";
import { selectJobWithGeneration, upsertJob } from "./job-queries";
import {
  deleteObservations,
  insertObservations,
  selectObservations,
  type ObservationKind,
} from "./observation-queries";
import type { Change } from "./records";
import { selectRunJobSummary } from "./run-aggregates";
import { selectRunWithGeneration, upsertRun } from "./run-queries";
import { selectRunner, upsertRunner } from "./runner-queries";
import { isRunSuperseded, keepSuperseded, supersedeIfReplaced, supersedePredecessor } from "./superseded";
import type { Database } from "./schema";

/** What applying observations changed. */
export interface Applied {
  jobs: Change<Job>[];
  runs: Change<PipelineRun>[];
  runners: Change<Runner>[];
}

/** Where the observations are written: the transaction, their arrival time, and the replay generation. */
interface Target {
  db: Kysely<Database>;
  receivedAt: number;
  /** Set by replay: a record not yet rebuilt in this generation starts again from nothing. */
  generation: string | undefined;
}

/**
 * Applies observations received at `receivedAt`: jobs first, then runs (those
 * reported, then those only derived from their jobs), then the runners the
 * changed jobs and the agent events name. With `generation` (replay), a job or
 * run not yet rebuilt in that generation starts again from nothing.
 */
export async function applyObservations(
  db: Kysely<Database>,
  observations: Observations,
  receivedAt: number,
  generation?: string,
): Promise<Applied> {
  const target: Target = { db, receivedAt, generation };
  // Other nodes may be applying deliveries of the same jobs and runs right now (PostgreSQL).
  await lockRecords(db, recordKeys(observations));
  const jobs = await applyJobs(target, observations.jobs);
  const runs = await applyRuns(target, observations.runs, jobs.runsToDerive);
  const runners = await applyRunners(target, jobs.changes, observations.agents);
  return { jobs: mergeChanges(jobs.changes, runs.jobs), runs: runs.changes, runners };
}

/**
 * The record locks (see `lockRecords`) applying `observations` takes before reading: its jobs, runs,
 * and the runners it names (a runner a job leaves is only known once the job is read: locked then).
 */
export function recordKeys(observations: Observations): string[] {
  return [
    ...observations.jobs.flatMap((job) => [
      `job:${job.id}`,
      `run:${runIdOf(job)}`,
      ...(job.runner.name ? [`runner:${runnerId(job.source, job.runner.name)}`] : []),
    ]),
    ...observations.runs.map((run) => `run:${run.id}`),
    ...observations.agents.map((agent) => `runner:${runnerId(agent.source, agent.name)}`),
  ];
}

/** The kinds set per pool (a handful of rows), read once per transaction: a batch's items share them. */
const poolKindsRead = new WeakMap<Kysely<Database>, Promise<Map<string, RunnerKind>>>();

function poolKinds(db: Kysely<Database>): Promise<Map<string, RunnerKind>> {
  let read = poolKindsRead.get(db);
  if (!read) {
    read = selectPoolKinds(db).then(
      (rows) => new Map(rows.map((p) => [p.pool, p.kind])),
      (error: unknown) => {
        poolKindsRead.delete(db); // A failed read (an item's savepoint) is not kept for the next item.
        throw error;
      },
    );
    poolKindsRead.set(db, read);
  }
  return read;
}

async function applyJobs(target: Target, observed: readonly Job[]) {
  const changes: Change<Job>[] = [];
  const lastJobOfRun = new Map<string, Job>();
  const writtenRuns = new Set<string>();
  for (const report of observed) {
    const stored = await readJob(target.db, report.id);
    const loaded = await loadHistory(target, "job", report, stored?.job ?? null, stored?.generation);
    const next = await withSuperseded(target, loaded.previous, foldJob([...loaded.history, report]));
    await saveHistory(target, "job", report, loaded);
    lastJobOfRun.set(runIdOf(next), next);
    if (!needsWrite(loaded, next)) continue;
    await upsertJob(target.db, next, loaded.previous, target.receivedAt, target.generation);
    await updateUsage(target.db, next, loaded.previous);
    writtenRuns.add(runIdOf(next));
    if (isChange(loaded.previous, next)) changes.push({ current: next, previous: loaded.previous });
  }
  // Each run with a job written, and its job seen last: a run nobody reports takes its state from it.
  const runsToDerive = new Map([...writtenRuns].map((id) => [id, lastJobOfRun.get(id) as Job]));
  return { changes, runsToDerive };
}

async function applyRuns(target: Target, observed: readonly PipelineRun[], runsToDerive: Map<string, Job>) {
  const changes: Change<PipelineRun>[] = [];
  const jobs: Change<Job>[] = [];
  // After a run is written: infer `superseded` (server/store/superseded.ts), from both sides.
  const written = async (next: PipelineRun, isNew: boolean) => {
    const marks = [
      next.status === "cancelled" && !next.superseded ? await supersedeIfReplaced(target.db, next.id) : null,
      isNew ? await supersedePredecessor(target.db, next.id) : null,
    ];
    for (const mark of marks) {
      if (!mark) continue;
      // The marks wrote jobs and runs without reading them through the batch's prefetch.
      forgetPrefetched(target.db);
      const own = changes.find((c) => c.current.id === mark.run.current.id);
      if (own) own.current = mark.run.current;
      else changes.push(mark.run);
      jobs.push(...mark.jobs);
    }
  };
  for (const report of observed) {
    const stored = await readRun(target.db, report.id);
    // A run derived from its jobs is a placeholder, not a vendor report: it is not an observation.
    const seed = stored?.run.reported ? stored.run : null;
    const loaded = await loadHistory(target, "run", report, stored?.run ?? null, stored?.generation, seed);
    const next = keepSuperseded(loaded.previous, foldRun([...loaded.history, report]));
    await saveHistory(target, "run", report, loaded);
    runsToDerive.delete(report.id);
    if (!needsWrite(loaded, next)) continue;
    await upsertRun(target.db, next, target.receivedAt, target.generation);
    if (isChange(loaded.previous, next)) changes.push({ current: next, previous: loaded.previous });
    await written(next, !loaded.previous || loaded.fresh);
  }

  // Runs nobody reported take their state from their jobs.
  for (const [id, job] of runsToDerive) {
    const stored = await readRun(target.db, id);
    const previous = stored?.run ?? null;
    const fresh = isFresh(target, stored?.generation);
    if (previous?.reported && !fresh) continue;
    const derived = runFromJobs(job, await selectRunJobSummary(target.db, id), fresh ? null : previous);
    const next = keepSuperseded(fresh ? null : previous, derived);
    if (!needsWrite({ previous, fresh }, next)) continue;
    await upsertRun(target.db, next, target.receivedAt, target.generation);
    if (isChange(previous, next)) changes.push({ current: next, previous });
    await written(next, !previous || fresh);
  }
  return { changes, jobs };
}

/** The stored job: prefetched for the batch (batch-prefetch.ts), else read now. */
async function readJob(db: Kysely<Database>, id: string) {
  const prefetched = takePrefetched(db, "jobs", id);
  if (!prefetched) return selectJobWithGeneration(db, id);
  return prefetched.found && { job: prefetched.found.record, generation: prefetched.found.generation };
}

/** The stored run: prefetched for the batch, else read now. */
async function readRun(db: Kysely<Database>, id: string) {
  const prefetched = takePrefetched(db, "runs", id);
  if (!prefetched) return selectRunWithGeneration(db, id);
  return prefetched.found && { run: prefetched.found.record, generation: prefetched.found.generation };
}

/**
 * A folded job with the store's `superseded` flag: kept from what was stored
 * (observations never carry it), or taken from its run when the run was
 * marked before this job's cancellation arrived.
 */
async function withSuperseded(target: Target, previous: Job | null, next: Job): Promise<Job> {
  const kept = keepSuperseded(previous, next);
  if (kept.status !== "cancelled" || kept.superseded) return kept;
  return (await isRunSuperseded(target.db, runIdOf(kept))) ? { ...kept, superseded: true } : kept;
}

/** Job changes of one delivery, one per job: a later change of the same job replaces the earlier's current. */
function mergeChanges(first: Change<Job>[], later: Change<Job>[]): Change<Job>[] {
  const merged = [...first];
  for (const change of later) {
    const own = merged.find((c) => c.current.id === change.current.id);
    if (own) own.current = change.current;
    else merged.push(change);
  }
  return merged;
}

async function applyRunners(
  target: Target,
  jobs: readonly Change<Job>[],
  agents: readonly AgentObservation[],
) {
  const changes: Change<Runner>[] = [];
  // Read only when a runner is named, once per transaction.
  const kindOfPool = async (runner: Runner) =>
    (await poolKinds(target.db)).get(poolOf(runner.labels, runner.group));
  const update = async (id: string, decide: (stored: Runner | null) => Runner | null) => {
    await lockRecords(target.db, [`runner:${id}`]);
    const previous = await selectRunner(target.db, id);
    const decided = decide(previous);
    const next = decided && withPoolKind(decided, await kindOfPool(decided));
    if (!next || !isChange(previous, next)) return;
    await upsertRunner(target.db, next);
    changes.push({ current: next, previous });
  };
  const at = new Date(target.receivedAt).toISOString();
  for (const { current: job, previous } of jobs) {
    const former = formerRunnerId(previous, job);
    if (former) await update(former, (runner) => runnerReleased(runner, job));
    if (job.runner.name) {
      await update(runnerId(job.source, job.runner.name), (runner) => runnerAfterJob(runner, job, at));
    }
  }
  for (const agent of agents) {
    await update(runnerId(agent.source, agent.name), (runner) => runnerAfterAgent(runner, agent));
  }
  return changes;
}

/** A stored record and its earlier observations, ready for the domain to fold with a new one. */
interface Loaded<T> {
  /** As stored (null when new). */
  previous: T | null;
  /** True when a replay is rebuilding the record: earlier observations are forgotten. */
  fresh: boolean;
  /** Earlier observations, oldest first. */
  history: T[];
  /** True when `history` is the stored record itself, standing in for a log it predates. */
  seeded: boolean;
}

const isFresh = (target: Target, generation: string | null | undefined) =>
  target.generation !== undefined && generation !== target.generation;

/**
 * Loads the earlier observations of a record. `seed` (default: the stored
 * record) counts as an observation when the log is empty because the record
 * predates it (data from before migration 0003).
 */
async function loadHistory<T extends { id: string }>(
  target: Target,
  kind: ObservationKind,
  report: T,
  previous: T | null,
  generation: string | null | undefined,
  seed: T | null = previous,
): Promise<Loaded<T>> {
  const fresh = isFresh(target, generation);
  if (fresh) return { previous, fresh, history: [], seeded: false };
  // The batch's prefetched log, plus what earlier items of the batch logged (not written yet).
  const prefetched = kind === "job" ? takePrefetched(target.db, "jobLogs", report.id) : undefined;
  const history = prefetched
    ? [...prefetched.found, ...pendingObservations(target.db, kind, report.id)].map(
        (data) => JSON.parse(data) as T,
      )
    : await selectObservations<T>(target.db, kind, report.id);
  if (history.length > 0 || !seed) return { previous, fresh, history, seeded: false };
  // `lost` is the watchdog's flag, not something a report said.
  const { lost: _lost, ...asObserved } = seed as T & { lost?: boolean };
  return { previous, fresh, history: [asObserved as T], seeded: true };
}

/** Logs the new observation (always: it is part of the record's history), after the seed when there is one. */
async function saveHistory<T extends { id: string }>(
  target: Target,
  kind: ObservationKind,
  report: T,
  loaded: Loaded<T>,
): Promise<void> {
  if (loaded.fresh) await deleteObservations(target.db, kind, report.id);
  await insertObservations(
    target.db,
    kind,
    report.id,
    loaded.seeded ? [...loaded.history, report] : [report],
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** True when `next` differs from what was stored (or nothing was): a change to report. */
const isChange = <T>(previous: T | null, next: T) => !previous || !same(previous, next);

/** True when the record must be written: it changed, or a replay is rebuilding it (to stamp the generation). */
const needsWrite = <T>(loaded: { previous: T | null; fresh: boolean }, next: T) =>
  loaded.fresh || isChange(loaded.previous, next);
