/**
 * The stall radar over real HTTP: crafted variants of the real GitHub
 * `workflow_job` fixture delivered to the real server on a manual clock, each
 * diagnosis read back from `GET /api/v1/metrics/queue` exactly when it should
 * fire and gone once resolved; the demand signal in the shape KEDA's
 * `metrics-api` scaler reads; "mark lost" (admin, audited, broadcast live).
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseServerEvent } from "../../lib/events";
import type { Job } from "../../lib/job";
import type { QueueResponse } from "../../lib/metrics";
import type { Diagnosis, PoolDemand } from "../../lib/stall";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const SECOND = 1000;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const LINUX = ["self-hosted", "linux"];
const LINUX_POOL = "linux, self-hosted";

let server: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server?.close();
  server = null;
});

type WorkflowJobBody = { action: string; workflow_job: Record<string, unknown> };

/**
 * The real queued fixture as job `id` asking for `labels`, queued at `queuedAt`;
 * picked up by `runner` at `startedAt` and finished at `finishedAt` when given.
 */
function jobEvent(
  id: number,
  labels: string[],
  queuedAt: number,
  run?: { runner: string; startedAt: number; finishedAt?: number },
): string {
  const body = fixtureJson<WorkflowJobBody>("github/workflow_job.queued.2.json");
  const done = run?.finishedAt !== undefined;
  body.action = run === undefined ? "queued" : done ? "completed" : "in_progress";
  Object.assign(body.workflow_job, {
    id,
    run_id: id * 10,
    labels,
    status: body.action,
    conclusion: done ? "success" : null,
    created_at: iso(queuedAt),
    started_at: iso(run?.startedAt ?? queuedAt),
    completed_at: done ? iso(run.finishedAt as number) : null,
    runner_id: run ? 7 : null,
    runner_name: run?.runner ?? null,
    runner_group_id: run ? 1 : null,
    runner_group_name: run ? "Default" : null,
  });
  return JSON.stringify(body);
}

async function deliver(body: string): Promise<void> {
  expect((await postGithub((server as TestServer).url, body)).status).toBe(202);
}

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${(server as TestServer).url}${path}`, { headers: adminHeaders });
  return { status: response.status, body: (await response.json()) as T };
}

const queue = async () => (await get<QueueResponse>("/api/v1/metrics/queue")).body;
const diagnoses = async () => (await queue()).diagnoses;
const kinds = async () => (await diagnoses()).map((d) => `${d.kind} ${d.pool ?? d.source}`);
const demandOf = (pool: string) => get<PoolDemand>(`/api/v1/pools/${encodeURIComponent(pool)}/demand`);

/** A GJSON path as KEDA's `valueLocation` takes it (the plain subset: keys joined by `.`, `\\.` a literal dot). */
function gjsonPath(value: unknown, location: string): unknown {
  const keys = location.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, "."));
  return keys.reduce<unknown>(
    (at, key) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** The diagnoses of the next `diagnoses:updated` the socket receives (refused by the contract: rejects). */
function nextDiagnoses(socket: TestClient): Promise<Diagnosis[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no diagnoses:updated")), 5000);
    socket.once("diagnoses:updated", (payload) => {
      clearTimeout(timer);
      const parsed = parseServerEvent("diagnoses:updated", payload);
      if (parsed) resolve(parsed.diagnoses);
      else reject(new Error(`refused: ${JSON.stringify(payload)}`));
    });
  });
}

const NAME = "test (lineville/elastic-machines-testing · Env Test)";

describe("stall radar", () => {
  it("dispatch_stall: an idle runner and a waiting job, nothing at 59 s, a stall at 61 s, gone once it starts", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    // rack-1 ran job 1 and went idle at T0; job 2 is queued at T0 for the same labels.
    await deliver(
      jobEvent(1, LINUX, T0 - 10 * MINUTE, { runner: "rack-1", startedAt: T0 - 9 * MINUTE, finishedAt: T0 }),
    );
    await deliver(jobEvent(2, LINUX, T0));

    const socket = await connectAdmin(server.url, clients);
    clock.set(T0 + 59 * SECOND);
    expect(await diagnoses()).toEqual([]);
    expect(await server.stallWatch.check()).toEqual([]);

    clock.set(T0 + 61 * SECOND);
    // Live: the watch's pass tells every dashboard, checked against the event contract.
    const live = nextDiagnoses(socket);
    await server.stallWatch.check();
    expect((await live).map((d) => [d.kind, d.pool, d.since])).toEqual([
      ["dispatch_stall", LINUX_POOL, iso(T0 + 60 * SECOND)],
    ]);
    const stall: Diagnosis = {
      kind: "dispatch_stall",
      pool: LINUX_POOL,
      source: "github",
      since: iso(T0 + 60 * SECOND),
      detail: `${NAME} has waited 1 min while runner rack-1 sits idle and could take it: check that runner's service and its registration.`,
      jobId: "github:2",
    };
    const now = await queue();
    expect(now.diagnoses).toEqual([stall]);
    const pool = now.pools.find((p) => p.pool === LINUX_POOL);
    expect(pool).toMatchObject({ queued: 1, running: 0, diagnoses: [stall] });
    expect(pool?.runnerList).toEqual([{ name: "rack-1", status: "idle", lastSeenAt: iso(T0) }]);

    // The demand signal, as KEDA reads it: the value at `valueLocation` is a number.
    const demand = await demandOf(LINUX_POOL);
    expect(demand).toEqual({
      status: 200,
      body: {
        pool: LINUX_POOL,
        waiting: 1,
        running: 0,
        idleRunners: 1,
        busyRunners: 0,
        recommendedRunners: 1,
      },
    });

    const cleared = nextDiagnoses(socket);
    await deliver(jobEvent(2, LINUX, T0, { runner: "rack-1", startedAt: clock.now() }));
    expect(await diagnoses()).toEqual([]);
    await server.stallWatch.check();
    expect(await cleared).toEqual([]);
    expect((await demandOf(LINUX_POOL)).body).toEqual({
      pool: LINUX_POOL,
      waiting: 0,
      running: 1,
      idleRunners: 0,
      busyRunners: 1,
      recommendedRunners: 1,
    });
  });

  it("pool_exhausted while every runner is busy and the queue grows; orphan_label while no runner serves the labels", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    // rack-1 busy with job 1 since T0 - 1 min (queued T0 - 2 min).
    await deliver(jobEvent(1, LINUX, T0 - 2 * MINUTE, { runner: "rack-1", startedAt: T0 - MINUTE }));
    // Jobs 2 and 3 arrive: 3 queued in the last 10 min (1, 2, 3), 1 started.
    await deliver(jobEvent(2, LINUX, T0));
    await deliver(jobEvent(3, LINUX, T0 + 10 * SECOND));
    // Job 4 asks for a GPU no runner has.
    await deliver(jobEvent(4, ["self-hosted", "gpu"], T0 + 20 * SECOND));
    clock.set(T0 + 30 * SECOND);
    expect(await kinds()).toEqual(["pool_exhausted linux, self-hosted", "orphan_label gpu, self-hosted"]);
    const [exhausted, orphan] = await diagnoses();
    expect(exhausted).toEqual({
      kind: "pool_exhausted",
      pool: LINUX_POOL,
      source: "github",
      since: iso(T0),
      detail:
        "All 1 runner able to serve `self-hosted`, `linux` are busy and the queue grows (3 arrived, 1 started in the last 10 min; 2 waiting): add runners.",
      jobId: null,
    });
    expect(orphan).toEqual({
      kind: "orphan_label",
      pool: "gpu, self-hosted",
      source: "github",
      since: iso(T0 + 20 * SECOND),
      detail:
        "1 job waits for `self-hosted`, `gpu`, and no runner seen serves those labels: register one, or fix the workflow's labels.",
      jobId: "github:4",
    });
    expect((await demandOf(LINUX_POOL)).body).toEqual({
      pool: LINUX_POOL,
      waiting: 2,
      running: 1,
      idleRunners: 0,
      busyRunners: 1,
      recommendedRunners: 3,
    });

    // rack-1 finishes job 1 and takes job 2: 3 arrived, 2 started, job 3 waits, the queue still grew.
    // Then a new runner takes job 3 (nothing waits) and a GPU runner job 4.
    await deliver(
      jobEvent(1, LINUX, T0 - 2 * MINUTE, {
        runner: "rack-1",
        startedAt: T0 - MINUTE,
        finishedAt: clock.now(),
      }),
    );
    await deliver(jobEvent(2, LINUX, T0, { runner: "rack-1", startedAt: clock.now() }));
    expect(await kinds()).toEqual(["pool_exhausted linux, self-hosted", "orphan_label gpu, self-hosted"]);
    await deliver(jobEvent(3, LINUX, T0 + 10 * SECOND, { runner: "rack-2", startedAt: clock.now() }));
    expect(await kinds()).toEqual(["orphan_label gpu, self-hosted"]);
    await deliver(
      jobEvent(4, ["self-hosted", "gpu"], T0 + 20 * SECOND, { runner: "gpu-1", startedAt: clock.now() }),
    );
    expect(await diagnoses()).toEqual([]);
  });

  it("stale_job far beyond the pool's history, and an admin marks it lost: it leaves the queue, live", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    const socket = await connectAdmin(server.url, clients);
    // A self-hosted runner serves the labels (no orphan), busy elsewhere (no dispatch stall).
    await deliver(jobEvent(1, LINUX, T0 - 3 * MINUTE, { runner: "rack-1", startedAt: T0 - 2 * MINUTE }));
    // Job 5 was queued 28 days ago; the pool's history is too short, so the 1 h floor applies.
    await deliver(jobEvent(5, LINUX, T0 - 28 * 24 * 60 * MINUTE));
    const stale = (await diagnoses()).filter((d) => d.kind === "stale_job");
    expect(stale).toEqual([
      {
        kind: "stale_job",
        pool: LINUX_POOL,
        source: "github",
        since: iso(T0 - 28 * 24 * 60 * MINUTE + 60 * MINUTE),
        detail: `${NAME} has been queued for 28 days, far beyond anything pool ${LINUX_POOL} has seen (limit 60 min): it is probably lost; mark it lost.`,
        jobId: "github:5",
        jobStatus: "queued",
        job: { repo: "lineville/elastic-machines-testing", workflow: "Env Test", name: "test" },
      },
    ]);
    expect((await queue()).queued).toBe(1);

    const post = (id: string, headers: Record<string, string> = adminHeaders) =>
      fetch(`${server?.url}/api/v1/jobs/${encodeURIComponent(id)}/lost`, { method: "POST", headers });
    const update = nextUpdate(socket, "jobs:updated", (j: Job) => j.id === "github:5");
    const marked = await post("github:5");
    expect(marked.status).toBe(200);
    expect(await marked.json()).toMatchObject({
      id: "github:5",
      status: "queued",
      lost: true,
      lostMarkedAt: iso(T0),
    });
    expect(await update).toMatchObject({ id: "github:5", lost: true, lostMarkedAt: iso(T0) });

    const after = await queue();
    expect(after.queued).toBe(0);
    expect(after.diagnoses).toEqual([]);
    expect((await demandOf(LINUX_POOL)).body.waiting).toBe(0);

    // Audited once; the bad cases.
    const audit = await get<{ items: { action: string; target: string }[] }>("/api/v1/audit?action=job.*");
    expect(audit.body.items.map((e) => [e.action, e.target])).toEqual([["job.marked_lost", "github:5"]]);
    await deliver(
      jobEvent(6, LINUX, T0 - 5 * MINUTE, { runner: "rack-2", startedAt: T0 - 4 * MINUTE, finishedAt: T0 }),
    );
    const finished = await post("github:6");
    expect(finished.status).toBe(409);
    expect(((await finished.json()) as { error: { code: string; field: string } }).error).toMatchObject({
      code: "conflict",
      field: "id",
    });
    expect((await post("github:404")).status).toBe(404);
    expect((await post("github:5", {})).status).toBe(401);
  });

  it("silent_source once a source is quiet for longer than its learned usual gap, gone at its next delivery", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    // 20 deliveries a minute apart: the usual gap is the 15 min floor (the p99 gap is 1 min).
    for (let i = 0; i < 20; i += 1) {
      clock.set(T0 + i * MINUTE);
      await deliver(
        jobEvent(100 + i, LINUX, clock.now(), {
          runner: "rack-1",
          startedAt: clock.now(),
          finishedAt: clock.now(),
        }),
      );
    }
    const last = T0 + 19 * MINUTE;
    clock.set(last + 15 * MINUTE);
    expect(await diagnoses()).toEqual([]);
    clock.set(last + 15 * MINUTE + SECOND);
    expect(await diagnoses()).toEqual([
      {
        kind: "silent_source",
        pool: null,
        source: "github",
        since: iso(last + 15 * MINUTE),
        detail:
          "No delivery from github for 15 min, longer than its usual gap of 15 min: check that the webhook is still enabled at the vendor.",
        jobId: null,
      },
    ]);
    await deliver(
      jobEvent(200, LINUX, clock.now(), {
        runner: "rack-1",
        startedAt: clock.now(),
        finishedAt: clock.now(),
      }),
    );
    expect(await diagnoses()).toEqual([]);
  });

  it("demand: every valueLocation of docs/autoscaling.md resolves to a number in a live answer (KEDA's metrics-api contract)", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    await deliver(jobEvent(1, LINUX, T0 - 2 * MINUTE, { runner: "rack-1", startedAt: T0 - MINUTE }));
    await deliver(jobEvent(2, LINUX, T0));
    const response = await fetch(`${server.url}/api/v1/pools/${encodeURIComponent(LINUX_POOL)}/demand`, {
      headers: adminHeaders,
    });
    // KEDA reads a 200 with a JSON body and takes the value at the GJSON path `valueLocation` as a number.
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as unknown;
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/autoscaling.md"), "utf8");
    const locations = [...doc.matchAll(/^ +valueLocation: "([^"]+)"$/gm)].map((m) => m[1] as string);
    expect(locations).toEqual(["recommendedRunners", "waiting"]);
    const values = locations.map((l) => gjsonPath(body, l));
    expect(values).toEqual([2, 1]);
    // The documented URLs name pools URL-encoded, as the route decodes them.
    const urls = [...doc.matchAll(/url: "https:\/\/runwatch\.example\.com(\/api\/v1\/pools\/[^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(urls).toEqual([
      `/api/v1/pools/${encodeURIComponent("k8s, self-hosted")}/demand`,
      `/api/v1/pools/${encodeURIComponent("docker, k8s")}/demand`,
    ]);
  });

  it("demand: 404 for an unknown pool, 400 for an empty one, 401 without a key", async () => {
    server = await startTestServer({ clock: manualClock(T0) });
    const unknown = await demandOf("no such pool");
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as { error: { field: string } }).error.field).toBe("pool");
    expect((await demandOf(" ")).status).toBe(400);
    // A pool scaled to zero stays known once its kind is set: zeros, not a 404 that would break the scaler.
    const set = await fetch(`${server.url}/api/v1/pools/${encodeURIComponent("arc, self-hosted")}/kind`, {
      method: "PUT",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ kind: "ephemeral" }),
    });
    expect(set.status).toBe(200);
    expect(await demandOf("arc, self-hosted")).toEqual({
      status: 200,
      body: {
        pool: "arc, self-hosted",
        waiting: 0,
        running: 0,
        idleRunners: 0,
        busyRunners: 0,
        recommendedRunners: 0,
      },
    });
    const anonymous = await fetch(`${server.url}/api/v1/pools/x/demand`);
    expect(anonymous.status).toBe(401);
  });
});
