/**
 * The kept flaky candidates (`flaky_runs`) against the rule applied to every
 * stored job, on random data: bulk imports and deliveries, corrections that
 * change a job's verdict, commit, finish time and labels, and a retention
 * purge, each followed by the background roll-up rebuild.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Job, JobStatus } from "../../lib/job";
import { Random } from "../../lib/random";
import type { FinishedFact } from "./metric-flaky";
import { matchesDimensions, type DimensionFilter } from "./metric-scan";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "./store";

const DAY = 86_400_000;
const NOW = Date.parse("2026-05-10T12:00:00.000Z");
const STATUSES: JobStatus[] = ["success", "success", "failure", "timed_out", "cancelled", "running"];

let store: Store;
const ids = new Set<string>();
let random = new Random(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
const iso = (ms: number) => new Date(ms).toISOString();

/** A random job; the key space is small so that many commits both fail and pass. */
function randomJob(id: string): Job {
  const status = pick(STATUSES);
  const finished = NOW - Math.floor(random.next() * 10 * DAY);
  const durationMs = 1000 + Math.floor(random.next() * 600_000);
  const started = finished - durationMs;
  const done = status !== "running";
  return {
    id,
    source: pick(["generic", "gitlab"] as const),
    repo: pick(["acme/a", "acme/b"]),
    workflow: pick(["ci", "deploy"]),
    name: pick(["build", "test", "lint"]),
    runId: id,
    attempt: 1 + Math.floor(random.next() * 3),
    branch: pick(["main", "dev", null]),
    sha: pick(["s1", "s2", "s3", "s4", "s5", "s6", null]),
    status,
    queuedAt: iso(started - 1000),
    startedAt: iso(started),
    finishedAt: done ? iso(finished) : null,
    queueMs: 1000,
    durationMs: done ? durationMs : null,
    runner: { name: "r1", group: null, labels: pick([["linux"], ["linux", "gpu"]]) },
    url: null,
    failure: null,
    steps: [],
  };
}

let seq = 0;
async function deliver(job: Job, at: number): Promise<void> {
  ids.add(job.id);
  await store.recordDelivery({
    source: job.source,
    deliveryId: `d${(seq += 1)}`,
    event: "job",
    kind: "data",
    receivedAt: at,
    body: JSON.stringify(job),
    observations: { jobs: [job], runs: [], agents: [] },
  });
}

/** The rule over every stored job, as the old query applied it. */
async function bruteForce(filter: DimensionFilter, from: number, to: number): Promise<FinishedFact[]> {
  const jobs = (await Promise.all([...ids].map((id) => store.getJob(id)))).filter(
    (j): j is Job => j !== null,
  );
  const inWindow = jobs.filter((j) => {
    const at = j.finishedAt === null ? Number.NaN : Date.parse(j.finishedAt);
    return at >= from && at < to && j.sha !== null && ["success", "failure", "timed_out"].includes(j.status);
  });
  const key = (j: Job) => JSON.stringify([j.repo, j.workflow, j.name, j.sha]);
  const passed = new Set<string>();
  const failed = new Set<string>();
  for (const j of inWindow) {
    const row = { ...j, labels: JSON.stringify(j.runner.labels) };
    if (matchesDimensions(row, filter)) (j.status === "success" ? passed : failed).add(key(j));
  }
  return inWindow
    .filter((j) => passed.has(key(j)) && failed.has(key(j)))
    .map((j) => ({
      repo: j.repo,
      workflow: j.workflow,
      name: j.name,
      sha: j.sha,
      branch: j.branch,
      attempt: j.attempt,
      status: j.status,
      finishedAt: Date.parse(j.finishedAt ?? ""),
      durationMs: j.durationMs,
    }));
}

const sorted = (facts: FinishedFact[]) => facts.map((f) => JSON.stringify(f)).sort();

const FILTERS: DimensionFilter[] = [
  {},
  { repo: "acme/a" },
  { repo: "acme/b", workflow: "ci", job: "test" },
  { branch: "main" },
  { label: "gpu" },
  { source: "gitlab", repo: "acme/a" },
];
const WINDOWS = [
  [NOW - 7 * DAY, NOW + 1],
  [NOW - 3.5 * DAY, NOW - DAY],
  [NOW - 30 * DAY, NOW + 1],
];

async function expectSameAsBruteForce(): Promise<number> {
  await store.refreshMetrics();
  let found = 0;
  for (const filter of FILTERS)
    for (const [from = 0, to = 0] of WINDOWS) {
      const expected = await bruteForce(filter, from, to);
      expect(sorted(await store.finishedFacts(filter, from, to)), JSON.stringify(filter)).toEqual(
        sorted(expected),
      );
      found += expected.length;
    }
  return found;
}

describeEachEngine("kept flaky candidates", (engine) => {
  let database: TestDatabase;
  // The same random data on each engine.
  beforeAll(async () => {
    ids.clear();
    random = new Random(11);
    database = await engine.create();
    store = await database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.remove();
  });

  it("equal the rule over every job after imports and deliveries", async () => {
    const imported = Array.from({ length: 300 }, (_, i) => randomJob(`generic:i${i}`));
    for (const job of imported) ids.add(job.id);
    await store.importJobs(imported);
    for (let i = 0; i < 300; i++) await deliver(randomJob(`generic:d${i}`), NOW - DAY + i);
    // Not vacuous: the data holds many flaky commits.
    expect(await expectSameAsBruteForce()).toBeGreaterThan(200);
  });

  it("still equal it after corrections move jobs between verdicts, commits, hours and labels", async () => {
    let changed = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 80; i++) {
        const id = pick([...ids]);
        const current = await store.getJob(id);
        if (current === null) continue;
        const next = randomJob(id);
        await deliver({ ...next, source: current.source }, NOW + round * 1000 + i);
        const stored = await store.getJob(id);
        if (stored?.sha !== current.sha || stored.finishedAt !== current.finishedAt) changed += 1;
      }
      await expectSameAsBruteForce();
    }
    expect(changed).toBeGreaterThan(100);
  });

  it("still equal it after a retention purge", async () => {
    const before = (await Promise.all([...ids].map((id) => store.getJob(id)))).filter(Boolean).length;
    const { jobs } = await store.purgeJobsBefore(NOW - 4 * DAY);
    expect(jobs).toBeGreaterThan(0);
    const after = (await Promise.all([...ids].map((id) => store.getJob(id)))).filter(Boolean).length;
    expect(after).toBe(before - jobs);
    await expectSameAsBruteForce();
  });
});
