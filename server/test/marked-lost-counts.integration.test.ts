/**
 * A job an admin marked lost (`lostMarkedAt`) leaves every queue figure (it
 * stays in the summary's `lost`, a `runner_lost` failure): the summary's
 * running and queued counts, `runwatch_jobs_running` and
 * `runwatch_jobs_queued`, the Queue metrics and the demand signal. Real fixture
 * variants over real HTTP, a manual clock.
 */
import { afterEach, expect, it } from "vitest";
import type { MetricsSummary, QueueResponse } from "../../lib/metrics";
import type { PoolDemand } from "../../lib/stall";
import { manualClock } from "../domain/clock";
import { describeEachEngine } from "./engines/stores";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const LINUX = ["self-hosted", "linux"];
const POOL = "linux, self-hosted";

let server: TestServer | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** The real queued fixture as job `id`, queued at `queuedAt`; running on `runner` from `startedAt` when given. */
function jobEvent(id: number, queuedAt: number, run?: { runner: string; startedAt: number }): string {
  const body = fixtureJson<{ action: string; workflow_job: Record<string, unknown> }>(
    "github/workflow_job.queued.2.json",
  );
  body.action = run ? "in_progress" : "queued";
  Object.assign(body.workflow_job, {
    id,
    run_id: id * 10,
    labels: LINUX,
    status: body.action,
    conclusion: null,
    created_at: iso(queuedAt),
    started_at: iso(run?.startedAt ?? queuedAt),
    completed_at: null,
    runner_id: run ? 7 : null,
    runner_name: run?.runner ?? null,
    runner_group_id: run ? 1 : null,
    runner_group_name: run ? "Default" : null,
  });
  return JSON.stringify(body);
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${(server as TestServer).url}${path}`, { headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** [summary running, summary queued, summary lost, gauge running, gauge queued, Queue queued, demand waiting, demand running]. */
async function figures(scrape = true): Promise<number[]> {
  const summary = await get<MetricsSummary>("/api/v1/metrics/summary?window=24h");
  const text = scrape
    ? await (await fetch(`${(server as TestServer).url}/metrics`, { headers: adminHeaders })).text()
    : "";
  const gauge = (name: string) => {
    if (!scrape) return -1;
    const line = text.split("\n").find((l) => l.startsWith(`${name}{pool="${POOL}"} `));
    if (line === undefined)
      throw new Error(
        `no ${name}: ${text
          .split("\n")
          .filter((l) => l.startsWith("runwatch_jobs"))
          .join("; ")}`,
      );
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  };
  const queue = await get<QueueResponse>("/api/v1/metrics/queue");
  const demand = await get<PoolDemand>(`/api/v1/pools/${encodeURIComponent(POOL)}/demand`);
  return [
    summary.counts.running,
    summary.counts.queued,
    summary.lost,
    gauge("runwatch_jobs_running"),
    gauge("runwatch_jobs_queued"),
    queue.queued,
    demand.waiting,
    demand.running,
  ];
}

describeEachEngine("a job marked lost leaves the queue figures", (engine) => {
  it("counts neither a marked queued job nor a marked running one, anywhere", async () => {
    const env: Record<string, string> = {};
    if (engine.name === "postgres") {
      const database = await engine.create();
      cleanups.push(() => database.remove());
      // Every node on one PostgreSQL database shares the audit key.
      Object.assign(env, { DATABASE_URL: database.databaseUrl!, RUNWATCH_AUDIT_KEY: "a".repeat(48) });
    }
    server = await startTestServer({ clock: manualClock(T0), env });
    for (const body of [
      jobEvent(1, T0 - 3 * MINUTE, { runner: "rack-1", startedAt: T0 - 2 * MINUTE }),
      jobEvent(2, T0 - 40 * 24 * 60 * MINUTE, { runner: "rack-2", startedAt: T0 - 40 * 24 * 60 * MINUTE }),
      jobEvent(3, T0 - MINUTE),
      jobEvent(4, T0 - 28 * 24 * 60 * MINUTE),
    ])
      expect((await postGithub(server.url, body)).status).toBe(202);
    // Not scraped yet: a scrape's snapshot is reused for 5 s (real time), so the one scrape follows the marks.
    expect(await figures(false)).toEqual([2, 2, 0, -1, -1, 2, 2, 2]);

    for (const id of ["github:2", "github:4"]) {
      const marked = await fetch(`${server.url}/api/v1/jobs/${encodeURIComponent(id)}/lost`, {
        method: "POST",
        headers: adminHeaders,
      });
      expect(marked.status).toBe(200);
    }
    expect(await figures()).toEqual([1, 1, 2, 1, 1, 1, 1, 1]);
  });
});
