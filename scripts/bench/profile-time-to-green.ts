/**
 * Profiles one time_to_green evaluation over a big history, full read against
 * the run cache's top-up: 200,000 finished default-branch runs over 35 days
 * in a real SQLite store (`npx tsx scripts/bench/profile-time-to-green.ts`).
 * Prints the time of each part: the read (SQL and row mapping), the break
 * scan (`breakEvents`) and the window counts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { SLO_WINDOW_MS } from "../../lib/slo";
import { breakEvents, countWindows } from "../../server/domain/slo-events";
import { DEFAULT_BRANCHES } from "../../server/metrics/workflows";
import { createBreakRunCache } from "../../server/slo/break-run-cache";
import { SLO_WINDOWS } from "../../server/slo/slo-status";
import { SQLITE_FILE } from "../../server/store/sqlite";
import { openSqliteStore } from "../../server/store/sqlite";

const RUNS = 200_000;
const MIN = 60_000;
const NOW = Date.parse("2026-03-01T12:00:00Z");
const SPAN = 35 * 24 * 60 * MIN;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-ttg-"));
const store = await openSqliteStore(dir);
const raw = new SqliteDatabase(path.join(dir, SQLITE_FILE));
const insert = raw.prepare(
  "INSERT INTO runs (id, source, repo, workflow, branch, status, reported, created_at, updated_at, replay_gen, data) VALUES (?, 'github', ?, 'ci', 'main', ?, 1, ?, ?, NULL, '{}')",
);
raw.transaction(() => {
  for (let i = 0; i < RUNS; i += 1) {
    const at = NOW - SPAN + Math.floor((i * SPAN) / RUNS);
    insert.run(`github:${i}`, `acme/repo-${i % 200}`, i % 7 === 0 ? "failure" : "success", at - 5 * MIN, at);
  }
})();

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;
const maxMs = 60 * MIN;
const evaluate = async (label: string, read: () => Promise<readonly { at: number }[]>) => {
  let t0 = performance.now();
  const runs = (await read()) as Parameters<typeof breakEvents>[0];
  const readMs = ms(t0);
  t0 = performance.now();
  const events = breakEvents(runs, maxMs, NOW);
  const scanMs = ms(t0);
  t0 = performance.now();
  countWindows(events, NOW, SLO_WINDOWS);
  console.log(`${label}: ${runs.length} runs; read ${readMs}, break scan ${scanMs}, counts ${ms(t0)}`);
};

const from = NOW - SLO_WINDOW_MS - maxMs - 7 * 24 * 60 * MIN;
const cache = createBreakRunCache(store);
for (let i = 0; i < 3; i += 1)
  await evaluate("full read", () => store.sloVerdictRuns(DEFAULT_BRANCHES, from, NOW, 200_000));
await evaluate("cache, first (full) read", () => cache.read("k", DEFAULT_BRANCHES, from, NOW, 200_000));
for (let i = 1; i <= 3; i += 1)
  await evaluate(`cache, top-up ${i}`, () =>
    cache.read("k", DEFAULT_BRANCHES, from + i * 30_000, NOW + i * 30_000, 200_000),
  );
raw.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
