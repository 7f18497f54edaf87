/**
 * Runner lifecycles over real HTTP and real sockets, from real GitHub
 * fixtures: a GitHub-hosted runner and an ephemeral self-hosted one retire
 * when their job ends while a persistent runner stays; a pool's kind set by an
 * admin; hosted usage in minutes and cost.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { QueueResponse } from "../../lib/metrics";
import type { RunnerListResponse } from "../../lib/runner";
import type { UsageResponse } from "../../lib/usage";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixture, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";

type Client = TestClient;
let server: TestServer | null = null;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server?.close();
  server = null;
});

const T0 = Date.parse("2026-03-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");

const client = (url: string) => connectAdmin(url, clients);

const get = async <T>(url: string): Promise<T> => {
  const response = await fetch(url, { headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

const put = (url: string, body: unknown) =>
  fetch(url, {
    method: "PUT",
    headers: { ...adminHeaders, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A job of the real `workflow_job.completed.1.json` (or `in_progress.3`) delivery, on another runner and at other times. */
function job(
  state: "completed" | "in_progress",
  patch: {
    id: number;
    runner: string;
    group: string;
    labels: string[];
    startedMs: number;
    finishedMs?: number;
    repo?: string;
  },
): string {
  const name = state === "completed" ? "workflow_job.completed.1.json" : "workflow_job.in_progress.3.json";
  const body = JSON.parse(fixture(`github/${name}`).toString()) as {
    workflow_job: Record<string, unknown>;
    repository: Record<string, unknown>;
  };
  Object.assign(body.workflow_job, {
    id: patch.id,
    run_id: patch.id * 10,
    runner_name: patch.runner,
    runner_group_name: patch.group,
    labels: patch.labels,
    created_at: iso(patch.startedMs - 5_000),
    started_at: iso(patch.startedMs),
    completed_at: patch.finishedMs === undefined ? null : iso(patch.finishedMs),
    steps: [],
  });
  if (patch.repo) body.repository.full_name = patch.repo;
  return JSON.stringify(body);
}

const HOSTED = { runner: "GitHub Actions 6", group: "GitHub Actions", labels: ["ubuntu-latest"] };
const ARC = { runner: "arc-runner-set-7x2kq-runner-9fz4c", group: "Default", labels: ["self-hosted", "k8s"] };
const RACK = { runner: "rack-1", group: "Default", labels: ["self-hosted", "k8s"] };
const K8S_POOL = "k8s, self-hosted";

const names = (list: RunnerListResponse) => Object.fromEntries(list.items.map((r) => [r.name, r.status]));

describe("runner lifecycle", () => {
  it("retires a hosted runner and an ephemeral one when their job ends, and keeps a persistent one", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock, env: { RUNWATCH_RUNNER_OFFLINE_MINUTES: "10" } });
    const { url, watchdog } = server;
    const socket = await client(url);

    // Each runs a job; the persistent runner runs two.
    await postGithub(url, job("in_progress", { id: 1, ...HOSTED, startedMs: T0 - 600_000 }));
    await postGithub(url, job("in_progress", { id: 2, ...ARC, startedMs: T0 - 600_000 }));
    await postGithub(
      url,
      job("completed", { id: 3, ...RACK, startedMs: T0 - 900_000, finishedMs: T0 - 700_000 }),
    );
    await postGithub(url, job("in_progress", { id: 4, ...RACK, startedMs: T0 - 600_000 }));
    expect(names(await get<RunnerListResponse>(`${url}/api/v1/runners`))).toEqual({
      "GitHub Actions 6": "busy",
      [ARC.runner]: "busy",
      "rack-1": "busy",
    });

    const hostedGone = nextUpdate(socket, "runners:updated", (r) => r.name === HOSTED.runner && r.retired);
    await postGithub(url, job("completed", { id: 1, ...HOSTED, startedMs: T0 - 600_000, finishedMs: T0 }));
    await postGithub(url, job("completed", { id: 2, ...ARC, startedMs: T0 - 600_000, finishedMs: T0 }));
    await postGithub(url, job("completed", { id: 4, ...RACK, startedMs: T0 - 600_000, finishedMs: T0 }));
    expect(await hostedGone).toMatchObject({ kind: "hosted", kindSource: "vendor", status: "offline" });

    // The hosted runner is gone at once; one job is not yet proof that the ARC runner is ephemeral.
    const after = await get<RunnerListResponse>(`${url}/api/v1/runners`);
    expect(names(after)).toEqual({ [ARC.runner]: "idle", "rack-1": "idle" });
    expect(after.items.map((r) => [r.name, r.kind, r.jobs])).toEqual([
      [ARC.runner, "self-hosted", 1],
      ["rack-1", "self-hosted", 2],
    ]);

    // Past the offline window, the persistent runner takes another job; the one-job runner never came back.
    clock.advance(11 * 60_000);
    await postGithub(
      url,
      job("completed", { id: 5, ...RACK, startedMs: clock.now() - 60_000, finishedMs: clock.now() }),
    );
    const arcGone = nextUpdate(socket, "runners:updated", (r) => r.name === ARC.runner && r.retired);
    await watchdog.check();
    expect(await arcGone).toMatchObject({ kind: "ephemeral", kindSource: "activity", status: "offline" });
    const later = await get<RunnerListResponse>(`${url}/api/v1/runners`);
    expect(later.items.map((r) => [r.name, r.status, r.kind, r.retired])).toEqual([
      ["rack-1", "idle", "self-hosted", false],
    ]);

    // Idle capacity is the persistent runner alone; the hosted pool gets no advice.
    const queue = await get<QueueResponse>(`${url}/api/v1/metrics/queue`);
    const pools = Object.fromEntries(queue.pools.map((p) => [p.pool, p]));
    expect(pools[K8S_POOL]).toMatchObject({ kind: "self-hosted", runners: { online: 1, idle: 1, busy: 0 } });
    expect(pools["ubuntu-latest"]).toMatchObject({ kind: "hosted", runners: { online: 0 }, hint: null });
  });

  it("lets an admin set a pool's kind, which retires or restores its runners live", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({ clock });
    const { url } = server;
    const socket = await client(url);
    await postGithub(
      url,
      job("completed", { id: 3, ...RACK, startedMs: T0 - 900_000, finishedMs: T0 - 700_000 }),
    );
    await postGithub(url, job("completed", { id: 4, ...RACK, startedMs: T0 - 600_000, finishedMs: T0 }));

    const retired = nextUpdate(socket, "runners:updated", (r) => r.name === "rack-1" && r.retired);
    const set = await put(`${url}/api/v1/pools/${encodeURIComponent(K8S_POOL)}/kind`, { kind: "ephemeral" });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ pool: K8S_POOL, kind: "ephemeral", runners: 1 });
    expect(await retired).toMatchObject({ kind: "ephemeral", kindSource: "pool", poolKind: "ephemeral" });
    expect((await get<RunnerListResponse>(`${url}/api/v1/runners`)).items).toEqual([]);
    expect(await get(`${url}/api/v1/pools`)).toEqual({
      items: [{ pool: K8S_POOL, kind: "ephemeral", updatedAt: iso(T0).replace("Z", ".000Z") }],
    });

    const back = nextUpdate(socket, "runners:updated", (r) => r.name === "rack-1" && !r.retired);
    expect(
      (await put(`${url}/api/v1/pools/${encodeURIComponent(K8S_POOL)}/kind`, { kind: null })).status,
    ).toBe(200);
    expect(await back).toMatchObject({ kind: "self-hosted", kindSource: "activity", status: "idle" });
    expect(names(await get<RunnerListResponse>(`${url}/api/v1/runners`))).toEqual({ "rack-1": "idle" });

    const bad = await put(`${url}/api/v1/pools/${encodeURIComponent(K8S_POOL)}/kind`, { kind: "cloud" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("kind");
    const anonymous = await fetch(`${url}/api/v1/pools/x/kind`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "hosted" }),
    });
    expect(anonymous.status).toBe(401);
  });
});

describe("hosted usage", () => {
  it("gives billable minutes and cost per pool and repository over the window", async () => {
    const clock = manualClock(T0);
    server = await startTestServer({
      clock,
      env: { RUNWATCH_RUNNER_PRICES: "ubuntu-latest=0.008,macos-latest=0.08" },
    });
    const { url } = server;
    const mac = { runner: "GitHub Actions 9", group: "GitHub Actions", labels: ["macos-latest"] };
    /** Delivers job `id` on `on`, finished `minutesAgo` after running `runMs`. */
    const finished = (id: number, on: typeof HOSTED, minutesAgo: number, runMs: number, repo: string) => {
      const finishedMs = T0 - minutesAgo * 60_000;
      return postGithub(
        url,
        job("completed", { id, ...on, startedMs: finishedMs - runMs, finishedMs, repo }),
      );
    };
    // 2 min 30 s → 3 billable minutes; 61 s → 2; exactly 10 min → 10.
    await finished(11, HOSTED, 30, 150_000, "acme/api");
    await finished(12, HOSTED, 20, 61_000, "acme/api");
    await finished(13, mac, 15, 600_000, "acme/app");
    // Self-hosted minutes are not billed by the vendor: out of the default view.
    await finished(14, RACK, 10, 120_000, "acme/api");
    // Outside a one-hour window.
    await finished(15, HOSTED, 200, 60_000, "acme/api");
    // The same completion delivered again counts once.
    await finished(12, HOSTED, 20, 61_000, "acme/api");

    const usage = await get<UsageResponse>(`${url}/api/v1/usage?window=1h`);
    expect(usage.items.map((i) => [i.pool, i.repo, i.kind, i.jobs, i.minutes, i.durationMs, i.cost])).toEqual(
      [
        ["macos-latest", "acme/app", "hosted", 1, 10, 600_000, 0.8],
        ["ubuntu-latest", "acme/api", "hosted", 2, 5, 211_000, 0.04],
      ],
    );
    expect(usage.repos.map((r) => [r.repo, r.minutes, r.cost])).toEqual([
      ["acme/app", 10, 0.8],
      ["acme/api", 5, 0.04],
    ]);
    expect(usage.total).toEqual({ jobs: 3, minutes: 15, durationMs: 811_000, cost: 0.84 });

    const all = await get<UsageResponse>(`${url}/api/v1/usage?window=1h&kind=all`);
    expect(all.pools.map((p) => [p.pool, p.kind, p.minutes, p.cost])).toEqual([
      ["macos-latest", "hosted", 10, 0.8],
      ["ubuntu-latest", "hosted", 5, 0.04],
      [K8S_POOL, "self-hosted", 2, null],
    ]);
    const day = await get<UsageResponse>(`${url}/api/v1/usage?window=24h`);
    expect(day.total.minutes).toBe(16);

    const bad = await fetch(`${url}/api/v1/usage?window=forever`, { headers: adminHeaders });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("window");
  });
});
