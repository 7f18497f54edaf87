/**
 * Writes what one delivery observed — jobs, runs, runners — inside the
 * delivery's transaction, merging each with what is stored by the domain's
 * order-independent rules. Shared by live ingest and replay.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { runIdOf, type PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import { mergeJob, sameJob } from "../domain/merge";
import { mergeRun, runFromJobs } from "../domain/run-merge";
import { runnerAfterAgent, runnerAfterJob, runnerId } from "../domain/runner-state";
import type { Observations } from "../ingest/source";
import { selectJobWithGeneration, upsertJob } from "./job-queries";
import { selectRunJobFacts, selectRunWithGeneration, upsertRun } from "./run-queries";
import { selectRunner, upsertRunner } from "./runner-queries";
import type { Database } from "./schema";
import type { Change } from "./store";

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
    const next = mergeJob(fresh ? null : previous, observed);
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
    const next = mergeRun(fresh ? null : previous, observed);
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

  for (const { current: job } of applied.jobs) {
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
