/**
 * Order independence (issue 4): for every vendor's fixture sequence, every
 * permutation of a job's events, with redeliveries sprinkled in, yields the
 * same jobs and runs as in-order delivery, each delivery counted once.
 * (Runners are left out: the fixtures of one "job" come from different real
 * jobs and name different runners, which no real job does; the registry's
 * own rules are tested in `runner-state.test.ts` and `fleet.test.ts`.)
 * Runs the real ingest pipeline (verify → normalise → store) on a real SQLite file, and on a
 * real PostgreSQL database.
 */
import { describe, expect, it } from "vitest";
import { runQuerySchema, jobQuerySchema } from "../../lib/api";
import { GENERIC_EXAMPLE } from "../../lib/generic";
import { manualClock } from "../domain/clock";
import { DomainEvents } from "../domain/events";
import { adapterFor } from "../ingest/adapters";
import { webhookBody } from "../ingest/buildkite.test-fixtures";
import { createIngestService } from "../ingest/ingest-service";
import { createIngestWriter } from "../ingest/writer";
import { describeEachEngine, type StoreEngine } from "./engines/stores";
import { fixtureJson, GITHUB_SECRET, SOURCE_SECRETS } from "./helpers";
import {
  buildkiteDelivery,
  genericDelivery,
  githubDelivery,
  gitlabDelivery,
  jenkinsDelivery,
  type VendorDelivery,
} from "./vendors";
import { Random } from "../../lib/random";

type Json = Record<string, unknown>;
type Delivery = VendorDelivery;

const SECRETS = {
  RUNWATCH_GITHUB_SECRET: GITHUB_SECRET,
  RUNWATCH_GITLAB_TOKEN: SOURCE_SECRETS.gitlab,
  RUNWATCH_BUILDKITE_TOKEN: SOURCE_SECRETS.buildkite,
  RUNWATCH_JENKINS_TOKEN: SOURCE_SECRETS.jenkins,
  RUNWATCH_GENERIC_SECRET: SOURCE_SECRETS.generic,
};
const patch = (body: Json, key: string, fields: Json): Json => ({
  ...body,
  [key]: { ...(body[key] as Json), ...fields },
});
const github = (event: string, body: Json) => githubDelivery(event, JSON.stringify(body));
const gitlab = (event: string, body: Json) => gitlabDelivery(event, JSON.stringify(body));
const buildkite = (body: Json) => buildkiteDelivery(JSON.stringify(body), { mode: "token" });
const jenkins = (body: Json) => jenkinsDelivery(JSON.stringify(body));
const generic = (body: Json) => genericDelivery(JSON.stringify(body));

/** One job's (and its run's) events per vendor, from the real fixtures, ids aligned. */
const SEQUENCES: Record<string, Delivery[]> = {
  github: [
    ...["queued.1", "in_progress.1", "completed.1"].map((name) =>
      github(
        "workflow_job",
        patch(fixtureJson(`github/workflow_job.${name}.json`), "workflow_job", {
          id: 901,
          run_id: 90,
          run_attempt: 1,
        }),
      ),
    ),
    ...["requested.1", "completed.1"].map((name) =>
      github(
        "workflow_run",
        patch(fixtureJson(`github/workflow_run.${name}.json`), "workflow_run", { id: 90, run_attempt: 1 }),
      ),
    ),
  ],
  gitlab: [
    gitlab("Job Hook", { ...fixtureJson("gitlab/job.created.json"), build_id: 377, pipeline_id: 31 }),
    gitlab("Job Hook", { ...fixtureJson("gitlab/job.success.json"), build_id: 377, pipeline_id: 31 }),
    gitlab("Pipeline Hook", fixtureJson("gitlab/pipeline.success.json")),
  ],
  buildkite: ["job.scheduled", "job.started", "job.finished", "build.started", "build.finished"].map((name) =>
    buildkite(webhookBody(`${name}.json`)),
  ),
  jenkins: ["QUEUED", "STARTED", "COMPLETED", "FINALIZED"].map((phase, i) => {
    const body = fixtureJson("jenkins/notification-plugin.completed.json");
    const build: Json = {
      ...(body.build as Json),
      phase,
      timestamp: 1_700_000_000_000 + i * 60_000,
      duration: i >= 2 ? 120_000 : 0,
    };
    if (phase === "STARTED") build.status = "FAILURE"; // the previous build's result, as the plugin reports it
    return jenkins({ ...body, build });
  }),
  generic: (["queued", "running", "success"] as const).map((status, i) =>
    generic({
      ...GENERIC_EXAMPLE,
      job: {
        ...GENERIC_EXAMPLE.job,
        status,
        startedAt: i >= 1 ? GENERIC_EXAMPLE.job.startedAt : null,
        finishedAt: i >= 2 ? "2026-01-15T10:05:00Z" : null,
      },
    }),
  ),
};

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Delivers in this order on a fresh store of `engine`; resolves with everything stored. */
async function outcome(engine: StoreEngine, order: Delivery[]) {
  const database = await engine.create();
  const store = await database.open();
  try {
    const ingest = createIngestService({
      writer: createIngestWriter({ store, events: new DomainEvents() }),
      // After every time the deliveries carry: a time more than 24 h ahead is refused as implausible.
      clock: manualClock(Date.parse("2026-02-01T00:00:00Z")),
      secrets: SECRETS,
      toleranceMs: 300_000,
    });
    for (const delivery of order) {
      const result = await ingest(adapterFor(delivery.source)!, delivery.headers, Buffer.from(delivery.body));
      expect(result.outcome, JSON.stringify(result)).toBe("accepted");
    }
    return {
      jobs: (await store.listJobs(jobQuerySchema.parse({ limit: "200" }))).items.sort((a, b) =>
        a.id.localeCompare(b.id),
      ),
      runs: (await store.listRuns(runQuerySchema.parse({ limit: "200" }))).items.sort((a, b) =>
        a.id.localeCompare(b.id),
      ),
      counts: (await store.listDeliveryStats()).map((s) => s.counts),
    };
  } finally {
    await store.close();
    await database.remove();
  }
}

describeEachEngine("order independence", (engine) => {
  describe.each(Object.entries(SEQUENCES))("%s: every order of a job's events", (source, sequence) => {
    it(
      `gives the in-order result for all ${permutations(sequence).length} permutations, with redeliveries counted once`,
      { timeout: 120_000 },
      async () => {
        const expected = await outcome(engine, sequence);
        expect(expected.jobs.length).toBeGreaterThan(0);
        expect(expected.counts).toEqual([
          { accepted: sequence.length, duplicate: 0, ignored: 0, rejected: 0, invalid: 0 },
        ]);
        const rng = new Random(source.length * 7919);
        for (const order of permutations(sequence)) {
          // Redeliver one to three events at random later points, as vendors do after a timeout.
          const withRedeliveries = [...order];
          const copies = rng.int(1, 3);
          for (let i = 0; i < copies; i++) {
            const at = rng.int(1, withRedeliveries.length);
            withRedeliveries.splice(at, 0, rng.pick(withRedeliveries.slice(0, at)));
          }
          const actual = await outcome(engine, withRedeliveries);
          expect(
            { ...actual, counts: undefined },
            `order ${order.map((d) => sequence.indexOf(d)).join(",")}`,
          ).toEqual({
            ...expected,
            counts: undefined,
          });
          expect(actual.counts).toEqual([
            { accepted: sequence.length, duplicate: copies, ignored: 0, rejected: 0, invalid: 0 },
          ]);
        }
      },
    );
  });
});
