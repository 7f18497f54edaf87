/**
 * The run aggregates kept from the job that changed (run-aggregates.ts) must
 * always equal the summary computed the old way, from every stored job of the
 * run (`summariseRunJobs` over each job's full document). Random sequences of
 * job events — several runs, re-runs as new jobs and as new attempts of the
 * same job, out-of-order and contradictory events, redeliveries, jobs moving
 * between runs — go through the real delivery store on a real SQLite file,
 * interleaved with partial replays, retention purges and bulk imports; after
 * every step each run's aggregates are compared with the oracle, and a
 * derived run's state with the run the oracle derives.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_STATUSES, isTerminal, type Job, type JobStatus } from "../../lib/job";
import { Random } from "../../lib/random";
import { runIdOf, type PipelineRun } from "../../lib/run";
import { runFromJobs, summariseRunJobs, type RunJobFacts, type RunJobSummary } from "../domain/run-merge";
import { createDeliveryStore } from "./delivery-store";
import { createMaintenanceStore } from "./maintenance-store";
import type { DeliveryRecord } from "./records";
import { createReplayStore } from "./replay-store";
import { selectRunJobSummary } from "./run-aggregates";
import type { Database } from "./schema";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";

let database: TestDatabase;
let db: Kysely<Database>;

const T0 = Date.parse("2026-01-01T00:00:00Z");
// Distinct instants, some written with an offset: ordering is by time, the text shown is the job's own.
const TIMES = [
  "2026-01-01T00:00:00.000Z",
  "2026-01-01T00:01:00.000Z",
  "2026-01-01T01:02:00+01:00",
  "2026-01-01T00:03:00.000Z",
  "2026-01-01T00:04:30Z",
  "2026-01-01T00:05:00.000Z",
  "2026-01-01T00:07:00.000Z",
];
const NAMES = ["build", "test", "lint"];

/** A random observation of job `n` (of the 10 job ids), mostly in run `n % 3`. */
function observation(rng: Random, n: number): Job {
  const status = rng.pick(JOB_STATUSES);
  const time = () => (rng.chance(0.3) ? null : rng.pick(TIMES));
  const started = status === "queued" || status === "waiting" ? null : time();
  return {
    id: `github:${n}`,
    source: "github",
    repo: "acme/api",
    workflow: "ci",
    // A job keeps its name and run, but now and then an event says otherwise (a job moving).
    name: rng.chance(0.1) ? rng.pick(NAMES) : NAMES[n % NAMES.length]!,
    runId: String(rng.chance(0.08) ? rng.int(0, 2) : n % 3),
    attempt: rng.int(1, 3),
    branch: "main",
    sha: "abc",
    status,
    queuedAt: time(),
    startedAt: started,
    finishedAt: isTerminal(status) ? time() : null,
    queueMs: null,
    durationMs: null,
    runner: { name: null, group: null, labels: [] },
    url: null,
    failure: null,
    steps: [],
  };
}

/** The old derivation's input: every stored job of the run, read from its full document. */
async function oracleSummary(runId: string): Promise<RunJobSummary> {
  const rows = await db.selectFrom("jobs").select("data").where("run_id", "=", runId).execute();
  const facts: RunJobFacts[] = rows.map(({ data }) => {
    const job = JSON.parse(data) as Job;
    return { ...job };
  });
  return summariseRunJobs(facts);
}

async function expectAggregatesMatch(step: string): Promise<void> {
  const runs = await db.selectFrom("jobs").select("run_id").distinct().execute();
  const counted = await db.selectFrom("run_job_counts").select("run_id").distinct().execute();
  for (const runId of new Set([...runs, ...counted].map((r) => r.run_id as string))) {
    expect(await selectRunJobSummary(db, runId), `${step}: run ${runId}`).toEqual(await oracleSummary(runId));
  }
  // Nothing kept for jobs no longer stored.
  const orphans = await db
    .selectFrom("run_jobs")
    .leftJoin("jobs", "jobs.id", "run_jobs.job_id")
    .where("jobs.id", "is", null)
    .select("run_jobs.job_id")
    .execute();
  expect(orphans, step).toEqual([]);
}

/** A derived run as stored agrees with the run the oracle derives from the job just written. */
async function expectDerivedRunMatches(job: Job, step: string): Promise<void> {
  const row = await db.selectFrom("runs").select("data").where("id", "=", runIdOf(job)).executeTakeFirst();
  const stored = JSON.parse(row!.data) as PipelineRun;
  const expected = runFromJobs(job, await oracleSummary(runIdOf(job)), null);
  const state = ({ status, attempt, queuedAt, startedAt, finishedAt, durationMs }: PipelineRun) => ({
    status,
    attempt,
    queuedAt,
    startedAt,
    finishedAt,
    durationMs,
  });
  expect(state(stored), step).toEqual(state(expected));
}

describeEachEngine("run aggregates", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    db = await database.kysely();
  });
  afterEach(async () => {
    await db.destroy();
    await database.remove();
  });

  describe("run aggregates kept from the job that changed", () => {
    it.each([1, 2, 3, 4, 5, 6, 7, 8])("equal the summary of all the run's jobs (seed %i)", async (seed) => {
      const rng = new Random(seed * 104_729);
      const deliveries = createDeliveryStore(db);
      const replay = createReplayStore(db);
      const maintenance = createMaintenanceStore(db);
      const sent: DeliveryRecord[] = [];
      let now = T0 + 3_600_000;
      for (let i = 0; i < 160; i++) {
        now += 60_000;
        const roll = rng.next();
        let step: string;
        if (roll < 0.75 || sent.length === 0) {
          const job = observation(rng, rng.int(0, 9));
          const record: DeliveryRecord = {
            source: "github",
            deliveryId: `d-${i}`,
            event: "workflow_job",
            kind: "data",
            receivedAt: now,
            body: "{}",
            observations: { jobs: [job], runs: [], agents: [] },
          };
          sent.push(record);
          const outcome = await deliveries.recordDelivery(record);
          step = `step ${i}: ${job.id} ${job.name}#${job.attempt} ${job.status} in run ${job.runId}`;
          const written = outcome.jobs[0]?.current;
          if (written) await expectDerivedRunMatches(written, step);
        } else if (roll < 0.85) {
          // A redelivery: a duplicate, or applied again when retention purged the first copy.
          const again = rng.pick(sent);
          await deliveries.recordDelivery(again);
          step = `step ${i}: redelivery of ${again.deliveryId}`;
        } else if (roll < 0.92) {
          // A replay of the first deliveries only: rebuilt jobs sit beside ones of the old generation.
          const generation = `gen-${i}`;
          const upTo = rng.int(1, sent.length);
          for (const [seq, record] of sent.slice(0, upTo).entries()) {
            await replay.reapplyDelivery(
              {
                seq,
                source: record.source,
                deliveryId: record.deliveryId,
                event: record.event,
                receivedAt: record.receivedAt,
                body: record.body,
              },
              record.observations,
              generation,
            );
          }
          step = `step ${i}: replay of ${upTo} deliveries`;
        } else if (roll < 0.96) {
          const cutoff = now - rng.int(1, 40) * 60_000;
          await maintenance.purgeJobsBefore(cutoff);
          step = `step ${i}: purge before ${new Date(cutoff).toISOString()}`;
        } else {
          const jobs = [observation(rng, rng.int(0, 12)), observation(rng, rng.int(10, 12))];
          await maintenance.importJobs(jobs);
          step = `step ${i}: import of ${jobs.map((j) => j.id).join(", ")}`;
        }
        await expectAggregatesMatch(step);
      }
    });

    it("count only a job's latest attempt, and fall back to the previous one when it goes", async () => {
      const deliveries = createDeliveryStore(db);
      const base = observation(new Random(1), 0);
      const job = (id: string, attempt: number, status: JobStatus): Job => ({
        ...base,
        id,
        name: "test",
        runId: "7",
        attempt,
        status,
        queuedAt: "2026-01-01T00:00:00.000Z",
        startedAt: "2026-01-01T00:01:00.000Z",
        finishedAt: isTerminal(status) ? "2026-01-01T00:02:00.000Z" : null,
      });
      const deliver = (j: Job, n: number) =>
        deliveries.recordDelivery({
          source: "github",
          deliveryId: `x-${n}`,
          event: "workflow_job",
          kind: "data",
          receivedAt: T0 + n,
          body: "{}",
          observations: { jobs: [j], runs: [], agents: [] },
        });
      const HOUR = 3_600_000;
      await deliver(job("github:1", 1, "failure"), 2 * HOUR);
      await deliver(job("github:2", 1, "success"), 2 * HOUR + 1);
      await deliver(job("github:3", 2, "success"), 1);
      expect(await selectRunJobSummary(db, "github:7")).toEqual({
        counts: { success: 1 },
        maxAttempt: 2,
        queuedAt: "2026-01-01T00:00:00.000Z",
        startedAt: "2026-01-01T00:01:00.000Z",
        finishedAt: "2026-01-01T00:02:00.000Z",
      });
      // Retention removes the re-run (older, silent since): attempt 1 is the latest again.
      await createMaintenanceStore(db).purgeJobsBefore(T0 + HOUR);
      expect(await selectRunJobSummary(db, "github:7")).toEqual({
        counts: { failure: 1, success: 1 },
        maxAttempt: 1,
        queuedAt: "2026-01-01T00:00:00.000Z",
        startedAt: "2026-01-01T00:01:00.000Z",
        finishedAt: "2026-01-01T00:02:00.000Z",
      });
    });
  });
});
