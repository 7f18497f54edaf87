/**
 * Runs, runners, delivery health, the watchdog and replay, over real HTTP with
 * real socket clients and real GitHub fixtures.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { RunDetail, RunListResponse } from "../../lib/run";
import type { RunnerListResponse } from "../../lib/runner";
import type { SourceListResponse } from "../../lib/sources";
import { runCli } from "../../scripts/cli/main";
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

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  server = await startTestServer(options);
  return server;
}

const client = (url: string) => connectAdmin(url, clients);

const get = async <T>(url: string): Promise<T> => {
  const response = await fetch(url, { headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

/** A real fixture with its ids (and any other fields) changed. */
function variant(name: string, key: "workflow_job" | "workflow_run", patch: Record<string, unknown>): string {
  const body = JSON.parse(fixture(`github/${name}`).toString()) as Record<string, Record<string, unknown>>;
  Object.assign(body[key] as object, patch);
  return JSON.stringify(body);
}

describe("runs", () => {
  it("lists a run derived from its jobs, then as the vendor reports it, live", async () => {
    const { url } = await start();
    const socket = await client(url);
    const derived = nextUpdate(socket, "runs:updated", (r) => r.id === "github:700");
    await postGithub(
      url,
      variant("workflow_job.completed.1.json", "workflow_job", { id: 7001, run_id: 700 }),
    );
    expect(await derived).toMatchObject({ status: "failure", reported: false });

    const list = await get<RunListResponse>(`${url}/api/v1/runs?source=github`);
    expect(list.items.map((r) => [r.id, r.jobs])).toEqual([["github:700", { total: 1, failure: 1 }]]);

    const reported = nextUpdate(socket, "runs:updated", (r) => r.reported);
    const run = variant("workflow_run.completed.1.json", "workflow_run", {
      id: 700,
      status: "completed",
      conclusion: "failure",
      updated_at: "2021-12-16T19:40:00Z",
    });
    expect((await postGithub(url, run, { event: "workflow_run" })).status).toBe(202);
    expect(await reported).toMatchObject({
      id: "github:700",
      status: "failure",
      trigger: "workflow_dispatch",
    });

    const detail = await get<RunDetail>(`${url}/api/v1/runs/github:700`);
    expect(detail.jobs.map((j) => j.id)).toEqual(["github:7001"]);
    const missing = await fetch(`${url}/api/v1/runs/github:1`, { headers: adminHeaders });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { field: string } }).error.field).toBe("id");
    const bad = await fetch(`${url}/api/v1/runs?status=nope`, { headers: adminHeaders });
    expect(bad.status).toBe(400);
  });
});

describe("runners", () => {
  it("shows a runner busy while its job runs and idle after, live", async () => {
    const { url } = await start();
    const socket = await client(url);
    // A self-hosted runner: a GitHub-hosted one retires when its job ends (runner-lifecycle test).
    const selfHosted = { runner_name: "rack-6", runner_group_name: "Default" };
    const busy = nextUpdate(socket, "runners:updated", (r) => r.status === "busy");
    await postGithub(
      url,
      variant("workflow_job.in_progress.3.json", "workflow_job", { id: 7101, run_id: 710, ...selfHosted }),
    );
    expect(await busy).toMatchObject({
      id: "github:rack-6",
      currentJobId: "github:7101",
      labels: ["ubuntu-latest"],
    });
    const idle = nextUpdate(socket, "runners:updated", (r) => r.status === "idle");
    await postGithub(
      url,
      variant("workflow_job.completed.1.json", "workflow_job", {
        id: 7101,
        run_id: 710,
        ...selfHosted,
        completed_at: "2023-06-26T03:40:00Z",
        started_at: "2023-06-26T03:31:36Z",
        created_at: "2023-06-26T03:31:29Z",
      }),
    );
    expect((await idle).currentJobId).toBeNull();
    const { items } = await get<RunnerListResponse>(`${url}/api/v1/runners`);
    expect(items.map((r) => [r.name, r.status])).toEqual([["rack-6", "idle"]]);
  });
});

describe("sources", () => {
  it("counts every outcome per source and pushes the counts live", async () => {
    const { url } = await start();
    const socket = await client(url);
    const body = variant("workflow_job.queued.1.json", "workflow_job", { id: 7201 });
    await postGithub(url, body, { delivery: "dup-1" });
    await postGithub(url, body, { delivery: "dup-1" });
    await postGithub(url, body, { event: "check_run" });
    await postGithub(url, body, { signature: "sha256=00" });
    const last = nextUpdate(socket, "sources:updated", (stats) => stats.counts.invalid === 1);
    await postGithub(url, "[]", {});
    expect((await last).counts).toEqual({
      accepted: 1,
      duplicate: 1,
      ignored: 1,
      rejected: 1,
      invalid: 1,
    });

    const { items } = await get<SourceListResponse>(`${url}/api/v1/sources`);
    // Every source is listed, configured or not, in the Sources page's order.
    expect(items.map((s) => s.source)).toEqual(["github", "gitlab", "buildkite", "jenkins", "generic"]);
    const github = items.find((s) => s.source === "github");
    expect(github).toMatchObject({
      configured: true,
      path: "/api/v1/webhooks/github",
      secretVariables: ["RUNWATCH_GITHUB_SECRET"],
      counts: { accepted: 1, duplicate: 1, ignored: 1, rejected: 1, invalid: 1 },
      lostJobs: 0,
    });
    expect(github?.lastAcceptedAt).not.toBeNull();
  });
});

describe("watchdog", () => {
  it("flags a silent job lost and a silent idle runner offline, and says so live", async () => {
    const clock = manualClock(Date.parse("2026-03-01T00:00:00Z"));
    const { url, watchdog } = await start({
      clock,
      env: { RUNWATCH_LOST_JOB_MINUTES: "30", RUNWATCH_RUNNER_OFFLINE_MINUTES: "10" },
    });
    const socket = await client(url);
    await postGithub(
      url,
      variant("workflow_job.in_progress.3.json", "workflow_job", { id: 7301, run_id: 730 }),
    );
    // Two jobs: a runner seen for one job and then silent is ephemeral, retired rather than offline.
    for (const id of [7302, 7303])
      await postGithub(
        url,
        variant("workflow_job.completed.1.json", "workflow_job", {
          id,
          run_id: 731,
          runner_name: "idle-box",
          runner_group_name: "Default",
        }),
      );
    expect(await watchdog.check()).toEqual({ lostJobs: 0, runnersChanged: 0 });

    clock.advance(11 * 60_000);
    const offline = nextUpdate(
      socket,
      "runners:updated",
      (r) => r.name === "idle-box" && r.status !== "idle",
    );
    expect(await watchdog.check()).toEqual({ lostJobs: 0, runnersChanged: 1 });
    expect((await offline).status).toBe("offline");
    // The busy runner stays busy: its silent job is the watchdog's concern, not the runner's.
    const { items } = await get<RunnerListResponse>(`${url}/api/v1/runners`);
    expect(Object.fromEntries(items.map((r) => [r.name, r.status]))).toEqual({
      "GitHub Actions 6": "busy",
      "idle-box": "offline",
    });

    clock.advance(20 * 60_000);
    const lost = nextUpdate(socket, "jobs:updated", (j) => j.id === "github:7301" && j.lost === true);
    expect((await watchdog.check()).lostJobs).toBe(1);
    expect((await lost).lost).toBe(true);
    expect((await get<Job>(`${url}/api/v1/jobs/github:7301`)).lost).toBe(true);
    const sources = await get<SourceListResponse>(`${url}/api/v1/sources`);
    expect(sources.items.find((s) => s.source === "github")?.lostJobs).toBe(1);
  });
});

describe("runwatch replay", () => {
  it("re-processes stored deliveries idempotently, with progress, beside the running server", async () => {
    const { url, dataDir } = await start();
    for (let i = 0; i < 12; i++)
      await postGithub(
        url,
        variant("workflow_job.completed.1.json", "workflow_job", { id: 7400 + i, run_id: 740 }),
      );
    await postGithub(url, variant("workflow_run.completed.1.json", "workflow_run", { id: 740 }), {
      event: "workflow_run",
    });
    const before = await get<RunDetail>(`${url}/api/v1/runs/github:740`);

    for (let pass = 0; pass < 2; pass++) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(["replay", "--batch", "5"], {
        env: { RUNWATCH_DATA_DIR: dataDir },
        out: async (s) => void out.push(s),
        err: async (s) => void err.push(s),
      });
      expect(code).toBe(0);
      expect(out.join("")).toContain("Replayed 13 deliveries: 13 applied, 0 ignored, 0 refused");
      expect(err.join("")).toContain("] 100%  13/13 deliveries");
      expect(await get<RunDetail>(`${url}/api/v1/runs/github:740`)).toEqual(before);
    }
    const audit = await get<{ items: { action: string; details: Record<string, unknown> }[] }>(
      `${url}/api/v1/audit?action=deliveries.replayed`,
    );
    expect(audit.items).toHaveLength(2);
    expect(audit.items[0]?.details).toMatchObject({ deliveries: 13, applied: 13, failed: 0 });
  });
});
