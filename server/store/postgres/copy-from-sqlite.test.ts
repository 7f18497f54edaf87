/**
 * `copySqliteToPostgres` (behind `runwatch migrate-to-postgres`): an SQLite
 * store with jobs, runs, runners, deliveries, keys, sessions, alerts and an
 * audit log, copied into an empty PostgreSQL database, gives the same answers
 * there; new rows continue after the copied ids; a database that already
 * holds data is refused. Real SQLite file, real PostgreSQL.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRuleInputSchema, channelInputSchema } from "../../../lib/alerts";
import { jobQuerySchema, runQuerySchema } from "../../../lib/api";
import { failedJob } from "../../alerts/alerts.test-fixtures";
import { AUDIT_KEY_FILE } from "../../runtime/audit-key";
import { STORE_ENGINES, type TestDatabase } from "../../test/engines/stores";
import type { DeliveryRecord, Store } from "../store";
import { copySqliteToPostgres } from "./copy-from-sqlite";

const sqlite = STORE_ENGINES.find((engine) => engine.name === "sqlite")!;
const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
const T0 = Date.parse("2026-01-15T10:00:00Z");

const delivery = (n: number): DeliveryRecord => ({
  source: "github",
  deliveryId: `d${n}`,
  event: "workflow_job",
  kind: "data",
  receivedAt: T0 + n * 1000,
  body: `{"n":${n}}`,
  observations: {
    jobs: [
      failedJob({
        id: `github:${n}`,
        runId: String(n % 3),
        name: `job ${n}`,
        status: n % 4 === 0 ? "running" : "failure",
        runner: { name: `box-${n % 2}`, group: null, labels: ["linux"] },
      }),
    ],
    runs: [],
    agents: [],
  },
});

/** What a dashboard and an auditor would read. */
async function answers(store: Store) {
  return {
    jobs: await store.listJobs(jobQuerySchema.parse({ limit: "100" })),
    job: await store.getJob("github:5"),
    runs: await store.listRuns(runQuerySchema.parse({})),
    runners: await store.listRunners(),
    stats: await store.listDeliveryStats(),
    deliveries: await store.countDeliveries(),
    keys: await store.listApiKeys(),
    sessions: await store.listSessions(),
    channels: await store.listChannels(),
    rules: await store.listRules(),
    audit: await store.verifyAudit(),
    auditPage: await store.listAudit({ limit: 50 }),
  };
}

describe.skipIf(postgres.skip !== null)("copying an SQLite store into PostgreSQL", () => {
  let from: TestDatabase;
  let to: TestDatabase;
  beforeEach(async () => {
    from = await sqlite.create();
    to = await postgres.create({ migrated: false });
  });
  afterEach(async () => {
    await from.remove();
    await to.remove();
  });

  it("gives the same answers, and new rows continue after the copied ones", async () => {
    const lite = await from.open();
    await lite.ensureAdminKey(undefined, T0);
    const { key } = await lite.createApiKey({ name: "ci", scopes: ["read"], createdBy: "cli" }, T0);
    await lite.createSession(key.id, 3_600_000, T0);
    for (let n = 1; n <= 12; n++) await lite.recordDelivery(delivery(n));
    await lite.recordDelivery(delivery(3)); // a duplicate, counted
    const channel = await lite.createChannel(
      channelInputSchema.parse({ name: "hook", kind: "webhook", config: { url: "https://hooks.example/x" } }),
      T0,
    );
    await lite.createRule(
      alertRuleInputSchema.parse({ name: "r", kind: "job_state", on: ["broke"], channels: [channel.id] }),
      T0,
    );
    await lite.refreshMetrics();
    const expected = await answers(lite);
    await lite.close();

    const progress: string[] = [];
    const report = await copySqliteToPostgres(from.dataDir, to.databaseUrl!, (table, copied, total) => {
      progress.push(`${table} ${copied}/${total}`);
    });
    expect(report).toMatchObject({ jobs: 12, deliveries: 12, api_keys: 2, sessions: 1, audit_log: 1 });
    expect(progress).toContain("deliveries 12/12");

    // The audit chain is keyed outside the database: the PostgreSQL nodes keep the data folder's key.
    fs.copyFileSync(path.join(from.dataDir, AUDIT_KEY_FILE), path.join(to.dataDir, AUDIT_KEY_FILE));
    const shared = await to.open();
    try {
      expect(await answers(shared)).toEqual(expected);
      expect(expected.audit).toMatchObject({ ok: true, count: 1 });
      // Sequences moved past the copied ids: new deliveries, observations and audit entries fit.
      expect((await shared.recordDelivery(delivery(13))).duplicate).toBe(false);
      expect((await shared.recordDelivery(delivery(5))).duplicate).toBe(true);
      expect(await shared.countDeliveries()).toBe(13);
      await shared.appendAudit({ actor: "cli", action: "key.created", target: "x" }, T0 + 60_000);
      expect(await shared.verifyAudit()).toMatchObject({ ok: true, count: 2 });
    } finally {
      await shared.close();
    }
  });

  it("refuses a PostgreSQL database that already holds data, copying nothing", async () => {
    const lite = await from.open();
    await lite.recordDelivery(delivery(1));
    await lite.close();
    const shared = await to.open();
    await shared.recordDelivery(delivery(2));
    await shared.close();
    await expect(copySqliteToPostgres(from.dataDir, to.databaseUrl!)).rejects.toThrow(
      /already holds data \(table jobs\); copy into an empty database/,
    );
    const again = await to.open();
    try {
      expect(await again.countDeliveries()).toBe(1);
    } finally {
      await again.close();
    }
  });

  it("refuses a data folder without an SQLite database", async () => {
    await expect(copySqliteToPostgres(from.dataDir, to.databaseUrl!)).rejects.toThrow(
      /no SQLite database to copy/,
    );
  });
});
