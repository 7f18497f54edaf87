/**
 * Profiling aid (not part of `npm run bench`): the group-commit writer on
 * SQLite and on PostgreSQL (a throwaway cluster, as the tests start one:
 * fsync off, so the figure is the writer's own cost, not the disk's),
 * printing deliveries/s on each and the statements (round trips) per delivery
 * on PostgreSQL.
 *
 *   npx tsx scripts/bench/writer-engines.ts [count]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely } from "kysely";
import pg from "pg";
import { failedJob } from "../../server/alerts/alerts.test-fixtures";
import { DomainEvents } from "../../server/domain/events";
import { createIngestWriter } from "../../server/ingest/writer";
import { loadAuditKey } from "../../server/runtime/audit-key";
import { composeSlices } from "../../server/store/compose";
import { openStore } from "../../server/store/open";
import { pgTypes, StorePostgresDialect } from "../../server/store/postgres/dialect";
import type { Database } from "../../server/store/schema";
import type { Store } from "../../server/store/store";
import { findPostgresBin, startPostgresCluster } from "../../server/test/engines/postgres";

const COUNT = Number(process.argv[2] ?? 3000);

/** `COUNT` deliveries of 500 jobs in 50 runs, all queued at once. */
async function run(name: string, store: Pick<Store, "writeBatch">): Promise<void> {
  const writer = createIngestWriter({ store, events: new DomainEvents() });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      writer.record({
        source: "github",
        deliveryId: `d${i}`,
        event: "workflow_job",
        kind: "data",
        receivedAt: Date.now(),
        body: "{}",
        observations: {
          jobs: [
            failedJob({
              id: `github:${i % 500}`,
              runId: String(i % 50),
              status: i % 3 ? "running" : "failure",
            }),
          ],
          runs: [],
          agents: [],
        },
      }),
    ),
  );
  const ms = performance.now() - started;
  await writer.close();
  console.log(`${name}: ${COUNT} deliveries in ${ms.toFixed(0)} ms, ${((COUNT / ms) * 1000).toFixed(0)}/s`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-writer-bench-"));
const bin = findPostgresBin();
const cluster = bin === null ? null : await startPostgresCluster(bin);
try {
  const sqlite = await openStore({ dataDir: dir, databaseUrl: null });
  await run("sqlite", sqlite);
  await sqlite.close();
  if (cluster === null) {
    console.log("postgres: skipped (no initdb in /usr/lib/postgresql/*/bin or PATH)");
  } else {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE bench");
    await admin.end();
    await (await openStore({ dataDir: dir, databaseUrl: cluster.url("bench") })).close();
    let statements = 0;
    const pool = new pg.Pool({ connectionString: cluster.url("bench"), types: pgTypes });
    // Every statement sent (each a round trip), savepoints and reused compiled queries included.
    const db = new Kysely<Database>({
      dialect: new StorePostgresDialect({ pool }),
      log: () => void statements++,
    });
    await run("postgres", composeSlices(db, loadAuditKey(dir)).slices);
    console.log(`postgres: ${(statements / COUNT).toFixed(1)} statements per delivery`);
    await db.destroy();
  }
} finally {
  cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
