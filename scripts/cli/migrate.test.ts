/**
 * `runwatch migrate-to-postgres` in-process: an SQLite data folder copied
 * into an empty PostgreSQL database, the usage error without DATABASE_URL,
 * and the refusal of a database that holds data. Real SQLite, real PostgreSQL.
 */
import fs from "node:fs";
import path from "node:path";
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
    await store.appendAudit(
      { actor: "cli", action: "key.created", target: "k1" },
      Date.parse("2026-02-03T04:01:00Z"),
    );
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
    const summary = JSON.parse(run.stdout) as {
      tables: Record<string, number>;
      rows: number;
      auditKey: string;
    };
    expect(summary.tables).toMatchObject({ jobs: 3, deliveries: 3, job_observations: 3, delivery_stats: 1 });
    const keyFile = path.join(from.dataDir, "audit-key");
    expect(summary.auditKey).toBe(
      `Audit key: the copied chain is keyed with ${keyFile}; set RUNWATCH_AUDIT_KEY=hex:<its 64 hex digits> ` +
        `on every node (e.g. RUNWATCH_AUDIT_KEY="hex:$(cat ${keyFile})"), which start only with it.`,
    );
    // That value keys the copied chain: the CLI on PostgreSQL verifies it with it, and refuses without it.
    const hexKey = `hex:${fs.readFileSync(keyFile, "utf8").trim()}`;
    const verify = await cli(["audit", "verify", "--json"], { ...env, RUNWATCH_AUDIT_KEY: hexKey });
    expect(verify).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, count: 1 });
    const keyless = await cli(["audit", "verify"], env);
    expect(keyless).toMatchObject({ code: 1, stdout: "" });
    expect(keyless.stderr).toContain("runwatch: RUNWATCH_AUDIT_KEY is required with DATABASE_URL");
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
