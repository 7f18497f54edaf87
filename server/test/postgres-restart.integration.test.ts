/**
 * PostgreSQL stopped and started again under a burst of webhooks, on a
 * cluster of this test's own (the shared one serves other files): while it
 * is down every delivery is answered 503 with Retry-After (never 2xx for
 * something not stored, never 500), every 202 was stored, and the node
 * recovers by itself once the database is back.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "./engines/postgres";
import { STORE_ENGINES } from "./engines/stores";
import { fixture, postGithub, startTestServer, type TestServer } from "./helpers";

const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
const BODY = fixture("github/workflow_job.queued.1.json");

interface Answer {
  delivery: string;
  status: number;
  retryAfter: string | null;
  at: number;
}

describe.skipIf(postgres.skip !== null)("PostgreSQL restarted under a burst", () => {
  let cluster: PostgresCluster;
  let server: TestServer;
  beforeAll(async () => {
    cluster = await startPostgresCluster(findPostgresBin()!);
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE runwatch");
    await admin.end();
    server = await startTestServer({
      env: {
        DATABASE_URL: cluster.url("runwatch"),
        RUNWATCH_AUDIT_KEY: "restart-test-audit-key-0123456789abcdef",
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    cluster?.stop();
  });

  it("answers 503 with Retry-After while it is down, loses no acknowledged delivery, and recovers", async () => {
    const answers: Answer[] = [];
    let sending = true;
    // Four senders, one delivery at a time each, until told to stop.
    const senders = Array.from({ length: 4 }, async () => {
      while (sending) {
        const delivery = randomUUID();
        const response = await postGithub(server.url, BODY, { delivery });
        answers.push({
          delivery,
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          at: Date.now(),
        });
        await response.arrayBuffer();
        if (response.status !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const accepted = () => answers.filter((a) => a.status === 202).length;
    await expect.poll(accepted, { timeout: 10_000 }).toBeGreaterThan(20);
    await cluster.pause();
    const down = Date.now();
    await expect.poll(() => answers.filter((a) => a.status === 503 && a.at > down).length).toBeGreaterThan(5);
    await cluster.resume();
    const up = Date.now();
    await expect
      .poll(() => answers.filter((a) => a.status === 202 && a.at > up).length, { timeout: 15_000 })
      .toBeGreaterThan(20);
    sending = false;
    await Promise.all(senders);

    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([202, 503]));
    for (const answer of answers.filter((a) => a.status === 503)) expect(answer.retryAfter).toBe("5");
    // Every acknowledged delivery is stored; none that was refused is.
    const client = new pg.Client({ connectionString: cluster.url("runwatch") });
    await client.connect();
    try {
      const { rows } = await client.query<{ delivery_id: string }>("SELECT delivery_id FROM deliveries");
      const stored = new Set(rows.map((r) => r.delivery_id));
      expect(answers.filter((a) => a.status === 202 && !stored.has(a.delivery))).toEqual([]);
      expect(answers.filter((a) => a.status === 503 && stored.has(a.delivery))).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
