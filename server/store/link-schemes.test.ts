/**
 * Migration 0016 on a database that already holds a `javascript:` and a
 * `data:` job link (stored before the normalisers checked links): both become
 * no link, an https link stays. Built at 0002 (jobs only), then opened by the store.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { migrationProvider } from "./migrations";
import { openSqliteStore, SQLITE_FILE } from "./sqlite";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-links-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const T = Date.parse("2024-03-01T10:00:00Z");

const job = (id: string, url: string): Job => ({
  id,
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  runId: "700",
  attempt: 1,
  branch: "main",
  sha: null,
  status: "success",
  queuedAt: "2024-03-01T10:00:00Z",
  startedAt: "2024-03-01T10:01:00Z",
  finishedAt: "2024-03-01T10:03:00Z",
  queueMs: 60_000,
  durationMs: 120_000,
  runner: { name: null, group: null, labels: [] },
  url,
  failure: null,
  steps: [],
});

it("clears stored javascript: and data: links and keeps http(s) ones", async () => {
  const db = new Kysely<Record<string, Record<string, unknown>>>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(path.join(dir, SQLITE_FILE)) }),
  });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("0002_auth_and_audit");
  expect(error).toBeUndefined();
  const rows = [
    job("github:1", "javascript:alert(document.cookie)"),
    job("github:2", "data:text/html,<script>alert(1)</script>"),
    job("github:3", "HTTPS://github.com/acme/api/actions/runs/700/job/3"),
  ].map((j) => ({
    id: j.id,
    source: j.source,
    repo: j.repo,
    workflow: j.workflow,
    name: j.name,
    branch: j.branch,
    status: j.status,
    runner_name: null,
    created_at: T,
    started_at: T + 60_000,
    finished_at: T + 180_000,
    updated_at: T + 180_000,
    data: JSON.stringify(j),
  }));
  await db.insertInto("jobs").values(rows).execute();
  await db.destroy();

  const store = await openSqliteStore(dir);
  try {
    expect((await store.getJob("github:1"))?.url).toBeNull();
    expect((await store.getJob("github:2"))?.url).toBeNull();
    expect((await store.getJob("github:3"))?.url).toBe("HTTPS://github.com/acme/api/actions/runs/700/job/3");
  } finally {
    await store.close();
  }
});
