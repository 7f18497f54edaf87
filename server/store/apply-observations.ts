/**
 * Writes what one delivery observed — jobs, runs, runners — inside the
 * delivery's transaction, merging each with what is stored by the domain's
 * order-independent rules. Shared by live ingest and replay.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { runIdOf, type PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import { foldJob, sameJob } from "../domain/merge";
import { foldRun, runFromJobs } from "../domain/run-merge";
import { runnerAfterAgent, runnerAfterJob, runnerId } from "../domain/runner-state";
import type { Observations } from "../domain/observations";
import { selectJobWithGeneration, upsertJob } from "./job-queries";
import { selectRunJobFacts, selectRunWithGeneration, upsertRun } from "./run-queries";
import { selectRunner, upsertRunner } from "./runner-queries";
import type { Database } from "./schema";
import type { Change } from "./records";

/** What applying observations changed. */
export interface Applied {
  jobs: Change<Job>[];
  runs: Change<PipelineRun>[];
  runners: Change<Runner>[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies observations received at `receivedAt`. With `generation` (replay),
 * a job or run not yet rebuilt in that generation starts again from nothing.
 */
export async function applyObservations(
  db: Kysely<Database>,
  observations: Observations,
  receivedAt: number,
  generation?: string,
): Promise<Applied> {
  const applied: Applied = { jobs: [], runs: [], runners: [] };
  const at = new Date(receivedAt).toISOString();
  const touchedRuns = new Set<string>();
  const lastJobOfRun = new Map<string, Job>();

  for (const observed of observations.jobs) {
    const stored = await selectJobWithGeneration(db, observed.id);
    const previous = stored?.job ?? null;
    const fresh = generation !== undefined && stored?.generation !== generation;
    const next = foldJob(await observe(db, LOGS.job, observed, fresh ? null : previous, fresh));
    lastJobOfRun.set(runIdOf(next), next);
    if (previous && sameJob(previous, next) && !fresh) continue;
    await upsertJob(db, next, previous, receivedAt, generation);
    touchedRuns.add(runIdOf(next));
    if (!previous || !sameJob(previous, next)) applied.jobs.push({ current: next, previous });
  }

  for (const observed of observations.runs) {
    const stored = await selectRunWithGeneration(db, observed.id);
    const previous = stored?.run ?? null;
    const fresh = generation !== undefined && stored?.generation !== generation;
    // A run derived from its jobs is a placeholder, not a vendor report: it is not an observation.
    const seed = !fresh && previous?.reported ? previous : null;
    const next = foldRun(await observe(db, LOGS.run, observed, seed, fresh));
    touchedRuns.delete(observed.id);
    if (previous && same(previous, next) && !fresh) continue;
    await upsertRun(db, next, receivedAt, generation);
    if (!previous || !same(previous, next)) applied.runs.push({ current: next, previous });
  }

  // Runs nobody reported take their state from their jobs.
  for (const id of touchedRuns) {
    const job = lastJobOfRun.get(id);
    if (!job) continue;
    const stored = await selectRunWithGeneration(db, id);
    const previous = stored?.run ?? null;
    const fresh = generation !== undefined && stored?.generation !== generation;
    if (previous?.reported && !fresh) continue;
    const next = runFromJobs(job, await selectRunJobFacts(db, id), fresh ? null : previous);
    if (previous && same(previous, next) && !fresh) continue;
    await upsertRun(db, next, receivedAt, generation);
    if (!previous || !same(previous, next)) applied.runs.push({ current: next, previous });
  }

  for (const { current: job, previous: before } of applied.jobs) {
    // Reports that disagree on the runner: the one no longer named must not stay busy with this job.
    const formerName = before?.runner.name;
    if (formerName && formerName !== job.runner.name) {
      const former = await selectRunner(db, runnerId(job.source, formerName));
      if (former?.currentJobId === job.id) {
        const released = {
          ...former,
          status: former.connected === false ? "offline" : "idle",
          currentJobId: null,
        } as const;
        await upsertRunner(db, released);
        applied.runners.push({ current: released, previous: former });
      }
    }
    if (!job.runner.name) continue;
    const previous = await selectRunner(db, runnerId(job.source, job.runner.name));
    const next = runnerAfterJob(previous, job, at);
    if (!next || (previous && same(previous, next))) continue;
    await upsertRunner(db, next);
    applied.runners.push({ current: next, previous });
  }

  for (const agent of observations.agents) {
    const previous = await selectRunner(db, runnerId(agent.source, agent.name));
    const next = runnerAfterAgent(previous, agent);
    if (previous && same(previous, next)) continue;
    await upsertRunner(db, next);
    applied.runners.push({ current: next, previous });
  }
  return applied;
}

/** The two observation logs, behind one shape (Kysely cannot type a table chosen at run time). */
const LOGS = {
  job: {
    read: (db: Kysely<Database>, id: string) =>
      db.selectFrom("job_observations").select("data").where("job_id", "=", id).orderBy("id").execute(),
    write: (db: Kysely<Database>, id: string, data: string) =>
      db.insertInto("job_observations").values({ job_id: id, data }).execute(),
    clear: (db: Kysely<Database>, id: string) =>
      db.deleteFrom("job_observations").where("job_id", "=", id).execute(),
  },
  run: {
    read: (db: Kysely<Database>, id: string) =>
      db.selectFrom("run_observations").select("data").where("run_id", "=", id).orderBy("id").execute(),
    write: (db: Kysely<Database>, id: string, data: string) =>
      db.insertInto("run_observations").values({ run_id: id, data }).execute(),
    clear: (db: Kysely<Database>, id: string) =>
      db.deleteFrom("run_observations").where("run_id", "=", id).execute(),
  },
};

/**
 * Records one observation and resolves with every observation of the record.
 * `seed`: the stored record, counted as an observation when it predates the
 * observation log (data from before migration 0003). `fresh`: a replay is
 * rebuilding the record, so earlier observations are forgotten first.
 */
async function observe<T extends { id: string }>(
  db: Kysely<Database>,
  log: (typeof LOGS)[keyof typeof LOGS],
  observed: T,
  seed: T | null,
  fresh: boolean,
): Promise<T[]> {
  if (fresh) await log.clear(db, observed.id);
  const earlier = fresh ? [] : (await log.read(db, observed.id)).map((r) => JSON.parse(r.data) as T);
  if (earlier.length === 0 && seed) {
    const { lost: _lost, ...asObserved } = seed as T & { lost?: boolean };
    earlier.push(asObserved as T);
    await log.write(db, observed.id, JSON.stringify(asObserved));
  }
  await log.write(db, observed.id, JSON.stringify(observed));
  return [...earlier, observed];
}
