/**
 * Profiling aid (not part of `npm run bench`): signed GitHub `workflow_job`
 * deliveries, each a distinct job of ONE run, through the real ingest service
 * into a real SQLite file, printing deliveries/s per window as the run grows.
 * The end of the run should be as fast as its start (issue 13: run state kept
 * incrementally). Run under a profiler with:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-growing-run.ts [count]
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { manualClock } from "../../server/domain/clock";
import { DomainEvents } from "../../server/domain/events";
import { adapterFor } from "../../server/ingest/adapters";
import { createIngestService } from "../../server/ingest/ingest-service";
import { createIngestWriter } from "../../server/ingest/writer";
import { openSqliteStore } from "../../server/store/sqlite";

const COUNT = Number(process.argv[2] ?? 5_000);
const WINDOW = 500;
/** Deliveries into another run first, so the JIT is warm when the measured run starts. */
const WARMUP = 1_000;
const SECRET = "profile-secret";
const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/github");
const EVENTS = ["queued.1", "in_progress.1", "completed.1"].map(
  (name) =>
    JSON.parse(fs.readFileSync(path.join(FIXTURES, `workflow_job.${name}.json`), "utf8")) as {
      workflow_job: Record<string, unknown>;
    },
);

/** Delivery `i`: job `i` of run `runId`, cycling through queued / in progress / completed. */
function delivery(i: number, runId = 4242) {
  const fixture = EVENTS[i % EVENTS.length]!;
  const body = JSON.stringify({
    ...fixture,
    workflow_job: { ...fixture.workflow_job, id: 1_000_000 + i, run_id: runId, name: `job ${i}` },
  });
  return {
    body: Buffer.from(body),
    headers: {
      "content-type": "application/json",
      "x-github-event": "workflow_job",
      "x-github-delivery": `profile-${i}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-profile-"));
const store = await openSqliteStore(dir);
const ingest = createIngestService({
  writer: createIngestWriter({ store, events: new DomainEvents() }),
  clock: manualClock(Date.parse("2026-01-02T00:00:00Z")),
  secrets: { RUNWATCH_GITHUB_SECRET: SECRET },
  toleranceMs: 300_000,
});
const github = adapterFor("github")!;
for (let i = 0; i < WARMUP; i++) {
  const { body, headers } = delivery(COUNT + i, 1);
  await ingest(github, headers, body);
}
const rates: number[] = [];
let windowStart = performance.now();
for (let i = 0; i < COUNT; i++) {
  const { body, headers } = delivery(i);
  const result = await ingest(github, headers, body);
  if (result.outcome !== "accepted") throw new Error(JSON.stringify(result));
  if ((i + 1) % WINDOW === 0) {
    const now = performance.now();
    rates.push(WINDOW / ((now - windowStart) / 1000));
    console.log(`${i + 1} jobs in the run: ${rates.at(-1)!.toFixed(0)} deliveries/s`);
    windowStart = now;
  }
}
const first = rates[0]!;
const last = rates.at(-1)!;
console.log(
  JSON.stringify({ first: Math.round(first), last: Math.round(last), ratio: +(last / first).toFixed(2) }),
);
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
