/**
 * `runwatch migrate-to-postgres` in-process: an SQLite data folder copied
 * into an empty PostgreSQL database, the usage error without DATABASE_URL,
 * and the refusal of a database that holds data. Real SQLite, real PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failedJob } from "../../server/alerts/alerts.test-fixtures";
import { manualClock } from "../../server/domain/clock";
import { STORE_ENGINES, type TestDatabase } from "../../server/test/engines/stores";
import { runCli } from "./main";

const sqlite = STORE_ENGINES.find((engine) => engine.name === "sqlite")!;
const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;

async function cli(args: string[], env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env,
    clock: manualClock(Date.parse("2026-02-03T04:05:06Z")),
    out: async (chunk) => {
      stdout += chunk;
    },
    err: async (chunk) => {
      stderr += chunk;
    },
  });
  return { code, stdout, stderr };
}

describe.skipIf(postgres.skip !== null)("runwatch migrate-to-postgres", () => {
  let from: TestDatabase;
  let to: TestDatabase;
  beforeEach(async () => {
    from = await sqlite.create();
    to = await postgres.create({ migrated: false });
    const store = await from.open();
    for (const n of [1, 2, 3]) {
      await store.recordDelivery({
        source: "github",
        deliveryId: `d${n}`,
        event: "workflow_job",
        kind: "data",
        receivedAt: Date.parse("2026-02-03T04:00:00Z") + n,
        body: "{}",
        observations: { jobs: [failedJob({ id: `github:${n}` })], runs: [], agents: [] },
      });
    }
    await store.close();
  });
  afterEach(async () => {
    await from.remove();
    await to.remove();
  });

  it("copies the data folder's database into PostgreSQL", async () => {
    const env = { RUNWATCH_DATA_DIR: from.dataDir, DATABASE_URL: to.databaseUrl! };
    const run = await cli(["migrate-to-postgres", "--json"], env);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const summary = JSON.parse(run.stdout) as { tables: Record<string, number>; rows: number };
    expect(summary.tables).toMatchObject({ jobs: 3, deliveries: 3, job_observations: 3, delivery_stats: 1 });
    const shared = await to.open();
    try {
      expect((await shared.getJob("github:2"))?.status).toBe("failure");
    } finally {
      await shared.close();
    }
    // Again: the database now holds data.
    const again = await cli(["migrate-to-postgres"], env);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("already holds data") });
  });

  it("asks for DATABASE_URL", async () => {
    expect(await cli(["migrate-to-postgres"], { RUNWATCH_DATA_DIR: from.dataDir })).toMatchObject({
      code: 2,
      stderr: "runwatch: set DATABASE_URL to the PostgreSQL database to copy into\n",
    });
  });
});
