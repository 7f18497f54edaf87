/**
 * The real server on PostgreSQL (`DATABASE_URL`): two nodes sharing one
 * database behind no load balancer at all — a webhook posted to one is read
 * from the other, and one delivery posted to both at once is stored and
 * counted once; each lease of once-across-nodes work is held by exactly one
 * of them (shared leases are the default on PostgreSQL); both extend one
 * audit chain under the key they share. And a PostgreSQL that cannot be
 * reached stops start-up with a message naming `DATABASE_URL`, its password hidden.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../lib/evidence";
import { LEASE_NAMES } from "../leases/leases";
import { sparePort } from "./engines/postgres";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { adminHeaders, fixture, postGithub, startTestServer, type TestServer } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;

describe("start-up with PostgreSQL unreachable", () => {
  it("exits 1 naming DATABASE_URL and the failure, without the password", async () => {
    const port = await sparePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-pg-down-"));
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        RUNWATCH_DATA_DIR: dataDir,
        DATABASE_URL: `postgres://runwatch:s3cret-pass@127.0.0.1:${port}/runwatch`,
        // Required with DATABASE_URL, and asked for before the database is reached.
        RUNWATCH_AUDIT_KEY: "unreachable-test-audit-key-0123456789abcdef",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain(
      `runwatch: failed to start: DATABASE_URL: cannot connect to PostgreSQL at postgres://runwatch:***@127.0.0.1:${port}/runwatch: `,
    );
    expect(output).toContain("ECONNREFUSED");
    expect(output).not.toContain("s3cret-pass");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe.skipIf(postgres.skip !== null)("two nodes on one PostgreSQL database", () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    database = await postgres.create();
    // Each node has its own data folder; the audit key they must share comes from the setting.
    const env = {
      DATABASE_URL: database.databaseUrl!,
      RUNWATCH_AUDIT_KEY: "two-nodes-share-this-audit-key-0123456789",
    };
    [a, b] = await Promise.all([startTestServer({ env }), startTestServer({ env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.remove();
  });

  it("serves on one node the job a webhook brought to the other", async () => {
    const posted = await postGithub(a.url, fixture("github/workflow_job.queued.1.json"), {
      delivery: "pg-1",
    });
    expect(posted.status).toBe(202);
    const response = await fetch(`${b.url}/api/v1/jobs`, { headers: adminHeaders });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string; status: string }[] };
    expect(items.map((job) => [job.id, job.status])).toEqual([["github:289782451", "queued"]]);
  });

  it("stores and counts once a delivery posted to both nodes at once", async () => {
    const body = fixture("github/workflow_job.in_progress.3.json");
    const answers = await Promise.all([
      postGithub(a.url, body, { delivery: "pg-both" }),
      postGithub(b.url, body, { delivery: "pg-both" }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const duplicates = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { duplicate: boolean }).duplicate),
    );
    expect(duplicates.sort()).toEqual([false, true]);
    expect(await a.store.countDeliveries()).toBe(2);
    const [stats] = await b.store.listDeliveryStats();
    expect(stats?.counts).toEqual({ accepted: 2, duplicate: 1, ignored: 0, rejected: 0, invalid: 0 });
  });

  it("hold each lease on exactly one node, without being told the database is shared", () => {
    expect(LEASE_NAMES.map((name) => Number(a.leases.held(name)) + Number(b.leases.held(name)))).toEqual(
      LEASE_NAMES.map(() => 1),
    );
  });

  it("extend one audit chain that either node verifies", async () => {
    const T0 = Date.parse("2026-03-01T12:00:00Z");
    // The nodes' own entries so far (start-up), from both of them.
    const before = (await a.store.verifyAudit()).count;
    for (let i = 0; i < 4; i++) {
      await (i % 2 ? b : a).store.appendAudit(
        { actor: "cli", action: "key.created", target: `k${i}` },
        T0 + i,
      );
    }
    expect(await a.store.verifyAudit()).toMatchObject({ ok: true, count: before + 4 });
    expect(await b.store.verifyAudit()).toMatchObject({ ok: true, count: before + 4 });
  });

  it("report the PostgreSQL database's size on the evidence page, not a missing SQLite file's", async () => {
    const response = await fetch(`${a.url}/api/v1/evidence?window=24h`, { headers: adminHeaders });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Evidence;
    const storage = body.sections.flatMap((s) => s.controls).find((c) => c.id === "resources.storage");
    const figures = storage?.figures as Record<string, number>;
    const bytes = await a.store.databaseBytes();
    // Even an empty PostgreSQL database takes several MB; the node's data folder holds no SQLite file.
    expect(bytes).toBeGreaterThan(5 * 1_048_576);
    expect(figures.databaseMb).toBeCloseTo(bytes! / 1_048_576, 0);
    expect(figures.writeAheadLogMb).toBe(0);
  });
});
