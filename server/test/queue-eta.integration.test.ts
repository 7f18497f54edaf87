/**
 * Queue ETAs over real HTTP and a real socket, from real GitHub `workflow_job`
 * deliveries (crafted variants): a self-hosted pool with one idle runner, one
 * busy one and a line of three, whose ETAs are computed by hand; a pool with
 * too little history ("not enough data"); and a fourth job pushed live.
 */
import { afterEach, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { JobListResponse } from "../../lib/api";
import type { QueueResponse } from "../../lib/metrics";
import type { QueueDepthResponse } from "../../lib/queue-depth";
import { manualClock } from "../domain/clock";
import { describeEachEngine, type StoreEngine } from "./engines/stores";
import { adminHeaders, fixture, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";

let server: TestServer | null = null;
let clock = manualClock(0);
const clients: TestClient[] = [];
const removals: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server?.close();
  server = null;
  for (const remove of removals.splice(0)) await remove();
});

/** A server on a fresh database of the engine, its clock stopped at T0. */
async function start(engine: StoreEngine): Promise<void> {
  const database = await engine.create();
  removals.push(() => database.remove());
  clock = manualClock(T0);
  server = await startTestServer({
    clock,
    dataDir: database.dataDir,
    env: database.env,
  });
}

const MIN = 60_000;
const T0 = Date.parse("2026-03-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const LABELS = ["self-hosted", "k8s"];

/** A variant of a real `workflow_job` delivery. */
function delivery(
  file: "completed.1" | "in_progress.3" | "queued.1",
  patch: {
    id: number;
    runner: string | null;
    labels?: string[];
    queuedMs: number;
    startedMs?: number;
    finishedMs?: number;
  },
): string {
  const body = JSON.parse(fixture(`github/workflow_job.${file}.json`).toString()) as {
    workflow_job: Record<string, unknown>;
  };
  Object.assign(body.workflow_job, {
    id: patch.id,
    run_id: patch.id * 10,
    name: "build",
    workflow_name: "CI",
    runner_name: patch.runner,
    runner_group_name: patch.runner === null ? null : "Default",
    labels: patch.labels ?? LABELS,
    created_at: iso(patch.queuedMs),
    started_at: iso(patch.startedMs ?? patch.queuedMs),
    completed_at: patch.finishedMs === undefined ? null : iso(patch.finishedMs),
    steps: [],
  });
  return JSON.stringify(body);
}

async function post(body: string): Promise<void> {
  const response = await postGithub(server!.url, body);
  expect(response.status).toBe(202);
}

const get = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server!.url}${path}`, { headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

/** Five 10-minute jobs on rack-2 (now idle), one started 4 min ago on rack-1, three waiting. */
async function craftPool(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    const start = T0 - (60 - i * 11) * MIN;
    await post(
      delivery("completed.1", {
        id: 100 + i,
        runner: "rack-2",
        queuedMs: start - MIN,
        startedMs: start,
        finishedMs: start + 10 * MIN,
      }),
    );
  }
  // rack-2's last job ends at T0 − 6 min: idle since.
  await post(
    delivery("in_progress.3", { id: 200, runner: "rack-1", queuedMs: T0 - 5 * MIN, startedMs: T0 - 4 * MIN }),
  );
  for (const [id, ago] of [
    [301, 3],
    [302, 2],
    [303, 1],
  ] as const)
    await post(delivery("queued.1", { id, runner: null, queuedMs: T0 - ago * MIN }));
}

describeEachEngine("queue ETA", (engine) => {
  it("gives every waiting job its hand-computed ETA in the jobs list, the job and the queue", async () => {
    await start(engine);
    await craftPool();
    // Idle rack-2 free now; rack-1's job (pool median 10 min) free in 6.
    // 301 → now (rack-2 busy till +10); 302 → +6 (rack-1); 303 → +10. Every duration is 10 min: no spread.
    const list = await get<JobListResponse>("/api/v1/jobs?status=queued");
    const etas = Object.fromEntries(list.items.map((job) => [job.id, job.eta]));
    expect(etas).toEqual({
      "github:301": { startAt: at(0), low: at(0), high: at(0), basis: "position 1 of 3, 2 runners" },
      "github:302": { startAt: at(6), low: at(6), high: at(6), basis: "position 2 of 3, 2 runners" },
      "github:303": { startAt: at(10), low: at(10), high: at(10), basis: "position 3 of 3, 2 runners" },
    });
    const one = await get<Job>("/api/v1/jobs/github:302");
    expect(one.eta?.startAt).toBe(at(6));
    const running = await get<Job>("/api/v1/jobs/github:200");
    expect(running.eta).toBeUndefined();
    const queue = await get<QueueResponse>("/api/v1/metrics/queue");
    const pool = queue.pools.find((p) => p.pool === "k8s, self-hosted");
    expect(pool?.oldest?.eta).toEqual(etas["github:301"]);
  });

  it("says null (not enough data) for a pool without history", async () => {
    await start(engine);
    await post(delivery("queued.1", { id: 401, runner: null, labels: ["gpu"], queuedMs: T0 - MIN }));
    const job = await get<Job>("/api/v1/jobs/github:401");
    expect(job.eta).toBeNull();
    const queue = await get<QueueResponse>("/api/v1/metrics/queue");
    expect(queue.pools.find((p) => p.pool === "gpu")?.oldest?.eta).toBeNull();
  });

  it("pushes a newly queued job's ETA live in jobs:updated", async () => {
    await start(engine);
    await craftPool();
    const socket = await connectAdmin(server!.url, clients);
    const update = nextUpdate(socket, "jobs:updated", (job) => job.id === "github:304" && job.eta != null);
    await post(delivery("queued.1", { id: 304, runner: null, queuedMs: T0 }));
    // 301 → now (rack-2 till +10), 302 → +6 (rack-1 till +16), 303 → +10 (rack-2 till +20), 304 → +16.
    expect((await update).eta).toEqual({
      startAt: at(16),
      low: at(16),
      high: at(16),
      basis: "position 4 of 4, 2 runners",
    });
  });

  it("rolls the pool's depth up by minute and scores the ETAs given once jobs start", async () => {
    await start(engine);
    await craftPool();
    const pool = encodeURIComponent("k8s, self-hosted");
    // Reading the ETAs recomputes the pool: a depth sample (3 waiting, 1 running) and 301's first ETA (now).
    await get<JobListResponse>("/api/v1/jobs?status=queued");
    // 301 starts a minute late on rack-2.
    clock.advance(2 * MIN);
    await post(
      delivery("in_progress.3", { id: 301, runner: "rack-2", queuedMs: T0 - 3 * MIN, startedMs: T0 + MIN }),
    );
    const depth = await get<QueueDepthResponse>(`/api/v1/metrics/queue/depth?pool=${pool}&window=1h`);
    expect(depth.bucketMs).toBe(MIN);
    expect(depth.points.find((p) => p.at === at(0))).toEqual({ at: at(0), waiting: 3, running: 1 });
    expect(depth.points.find((p) => p.at === at(-30))).toEqual({ at: at(-30), waiting: 0, running: 0 });
    // Predicted T0, started T0 + 1 min, given at T0: 60 s off, more than 30% of the 60 s wait.
    // (The outcome is written beside the ingest, not inside it: poll.)
    await expect
      .poll(
        async () =>
          (await get<QueueDepthResponse>(`/api/v1/metrics/queue/depth?pool=${pool}&window=1h`)).accuracy,
      )
      .toEqual({ predictions: 1, medianAbsErrorMs: 60_000, within30: 0 });

    const bad = await fetch(`${server!.url}/api/v1/metrics/queue/depth?window=banana`, {
      headers: adminHeaders,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field?: string } }).error.field).toBe("window");
  });
});
