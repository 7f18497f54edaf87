/**
 * Alerts as on-call expects them, end to end over real HTTP and a real
 * Socket.IO client: every alert names the job and run that opened and closed
 * it, the job finds its alerts, a disabled or deleted rule closes what it had
 * open, a queue-time alert closes when the waiting job starts and says so, the
 * open count follows, and a replay reaches open dashboards.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { Alert, AlertListResponse, AlertOpenCount } from "../../lib/alerts";
import { parseServerEvent, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/events";
import { manualClock } from "../domain/clock";
import { SQLITE_FILE } from "../store/sqlite";
import {
  ADMIN_TOKEN,
  adminHeaders,
  fixtureJson,
  postGithub,
  startTestServer,
  type TestServer,
} from "./helpers";
import { nextUpdate } from "./live-updates";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type WorkflowJobBody = { action: string; workflow_job: Record<string, unknown> };

const T0 = Date.parse("2021-08-05T11:00:00Z");
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const K8S_POOL = "k8s, self-hosted";
const QUEUED_ID = 12877621891;
const QUEUED_RUN = 4747967848;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function server(): Promise<TestServer & { clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock(T0);
  // No background ticks: threshold rules are evaluated by explicit `tick()`s.
  const s = await startTestServer({ clock, alerting: { tickMs: 24 * 60 * MINUTE } });
  cleanups.push(() => s.close());
  return Object.assign(s, { clock });
}

async function client(s: TestServer): Promise<Client> {
  const socket: Client = connect(s.url, {
    transports: ["websocket"],
    forceNew: true,
    auth: { token: ADMIN_TOKEN },
  });
  cleanups.push(() => void socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Resolves with the next `alert:fired` whose notice is `notice`, checked as the browser checks it. */
function nextAlert(socket: Client, notice: "firing" | "resolved"): Promise<Alert> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${notice} alert:fired`)), 5000);
    const listener = (payload: unknown) => {
      const parsed = parseServerEvent("alert:fired", payload);
      if (!parsed || parsed.notice !== notice) return;
      clearTimeout(timer);
      socket.off("alert:fired", listener);
      resolve(parsed.alert);
    };
    socket.on("alert:fired", listener);
  });
}

async function api<T>(s: TestServer, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.url}/api/v1${url}`, {
    method,
    headers: { ...adminHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const openCount = async (s: TestServer) => (await api<AlertOpenCount>(s, "GET", "/alerts/open-count")).open;
const alertsOf = async (s: TestServer, jobId?: string) =>
  (await api<AlertListResponse>(s, "GET", `/alerts${jobId ? `?jobId=${encodeURIComponent(jobId)}` : ""}`))
    .items;

async function deliver(s: TestServer, body: WorkflowJobBody): Promise<void> {
  expect((await postGithub(s.url, JSON.stringify(body))).status).toBe(202);
}

/** The fixture job `linters` (CodeQL, Codertocat/Hello-World, main) as job `id` of run `runId`, finished at `at`. */
function finishedJob(id: number, runId: number, outcome: "failure" | "success", at: number): WorkflowJobBody {
  const body = fixtureJson<WorkflowJobBody>(
    `github/workflow_job.completed.${outcome === "failure" ? 1 : 2}.json`,
  );
  Object.assign(body.workflow_job, {
    id,
    run_id: runId,
    created_at: iso(at - 4 * MINUTE),
    started_at: iso(at - 3 * MINUTE),
    completed_at: iso(at),
  });
  return body;
}

/** The queued fixture (`self-hosted, k8s`) queued at T0; picked up by `k8s-1` at `startedAt` when given. */
function waitingJob(startedAt?: number): WorkflowJobBody {
  const body = fixtureJson<WorkflowJobBody>("github/workflow_job.queued.2.json");
  const picked = startedAt !== undefined;
  Object.assign(body.workflow_job, {
    id: QUEUED_ID,
    created_at: iso(T0),
    started_at: iso(startedAt ?? T0),
    runner_id: picked ? 7 : null,
    runner_name: picked ? "k8s-1" : null,
    runner_group_id: picked ? 1 : null,
    runner_group_name: picked ? "Default" : null,
    ...(picked ? { status: "in_progress" } : {}),
  });
  if (picked) body.action = "in_progress";
  return body;
}

const BREAKS = {
  name: "main broke",
  kind: "job_state",
  on: ["broke", "fixed"],
  match: { branch: "main" },
  channels: [],
};

describe("alerts linked to their jobs and runs", () => {
  it("a failing job opens the alert and a fixed job closes it, each with its job and run", async () => {
    const s = await server();
    await api(s, "POST", "/alert-rules", BREAKS);
    const socket = await client(s);

    const fired = nextAlert(socket, "firing");
    await deliver(s, finishedJob(7001, 5001, "failure", T0 - 10 * MINUTE));
    expect(await fired).toMatchObject({
      state: "firing",
      event: "broke",
      openedBy: { jobId: "github:7001", runId: "github:5001" },
      closedBy: null,
      resolution: null,
    });
    expect(await openCount(s)).toBe(1);

    const resolved = nextAlert(socket, "resolved");
    await deliver(s, finishedJob(7002, 5002, "success", T0 - 2 * MINUTE));
    const closed = await resolved;
    expect(closed).toMatchObject({
      state: "resolved",
      event: "fixed",
      openedBy: { jobId: "github:7001", runId: "github:5001" },
      closedBy: { jobId: "github:7002", runId: "github:5002" },
      resolution: "linters (Codertocat/Hello-World · CodeQL) passes again on main after 1 failure over 8m.",
    });
    expect(await openCount(s)).toBe(0);

    // The job page's filter: each job finds the alert it opened or closed, and only that.
    expect((await alertsOf(s, "github:7001")).map((a) => a.id)).toEqual([closed.id]);
    expect((await alertsOf(s, "github:7002")).map((a) => a.id)).toEqual([closed.id]);
    expect(await alertsOf(s, "github:9999")).toEqual([]);
    expect((await alertsOf(s))[0]).toMatchObject({ id: closed.id, closedBy: { jobId: "github:7002" } });
  });

  it("an over-long jobId is a 400 naming the field", async () => {
    const s = await server();
    const response = await fetch(`${s.url}/api/v1/alerts?jobId=${"x".repeat(501)}`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_query", field: "jobId" } });
  });

  it("disabling a rule resolves its open alerts as 'rule disabled', live and audited", async () => {
    const s = await server();
    const rule = await api<{ id: string }>(s, "POST", "/alert-rules", BREAKS);
    const socket = await client(s);
    const fired = nextAlert(socket, "firing");
    await deliver(s, finishedJob(7101, 5101, "failure", T0 - 5 * MINUTE));
    const open = await fired;
    expect(await openCount(s)).toBe(1);

    const resolved = nextAlert(socket, "resolved");
    await api(s, "PATCH", `/alert-rules/${rule.id}`, { enabled: false });
    expect(await resolved).toMatchObject({
      id: open.id,
      state: "resolved",
      event: "resolved",
      resolvedAt: iso(T0),
      resolution: "rule disabled",
      summary: open.summary,
      openedBy: { jobId: "github:7101", runId: "github:5101" },
      closedBy: null,
    });
    expect(await openCount(s)).toBe(0);
    const audit = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      s,
      "GET",
      "/audit?action=rule.updated",
    );
    expect(audit.items[0]?.details).toMatchObject({ enabled: false, resolvedAlerts: 1 });

    // Disabling it again closes nothing more.
    await api(s, "PATCH", `/alert-rules/${rule.id}`, { enabled: false });
    const again = await api<{ items: { details: Record<string, unknown> }[] }>(
      s,
      "GET",
      "/audit?action=rule.updated",
    );
    expect(again.items[0]?.details).toMatchObject({ resolvedAlerts: 0 });
  });

  it("deleting a rule resolves its open alerts as 'rule deleted'", async () => {
    const s = await server();
    const rule = await api<{ id: string }>(s, "POST", "/alert-rules", BREAKS);
    const socket = await client(s);
    const fired = nextAlert(socket, "firing");
    await deliver(s, finishedJob(7201, 5201, "failure", T0 - 5 * MINUTE));
    const open = await fired;

    const resolved = nextAlert(socket, "resolved");
    await api(s, "DELETE", `/alert-rules/${rule.id}`);
    expect(await resolved).toMatchObject({ id: open.id, state: "resolved", resolution: "rule deleted" });
    expect(await openCount(s)).toBe(0);
    expect((await alertsOf(s))[0]).toMatchObject({
      id: open.id,
      state: "resolved",
      resolution: "rule deleted",
    });
    const audit = await api<{ items: { details: Record<string, unknown> }[] }>(
      s,
      "GET",
      "/audit?action=rule.deleted",
    );
    expect(audit.items[0]?.details).toMatchObject({ resolvedAlerts: 1 });
  });

  it("a queue-time alert resolves when the waiting job starts, saying so", async () => {
    const s = await server();
    await api(s, "POST", "/alert-rules", {
      name: "k8s queue",
      kind: "queue_time",
      match: { label: "k8s" },
      threshold: 10 * MINUTE,
      windowMs: 60 * MINUTE,
      channels: [],
    });
    const socket = await client(s);
    await deliver(s, waitingJob());
    s.clock.advance(11 * MINUTE);
    const fired = nextAlert(socket, "firing");
    expect(await s.alerts.dispatcher.tick()).toBe(1);
    expect(await fired).toMatchObject({
      subject: K8S_POOL,
      openedBy: { jobId: `github:${QUEUED_ID}`, runId: `github:${QUEUED_RUN}` },
    });
    expect(await openCount(s)).toBe(1);

    s.clock.advance(MINUTE);
    await deliver(s, waitingJob(s.clock.now()));
    const resolved = nextAlert(socket, "resolved");
    expect(await s.alerts.dispatcher.tick()).toBe(1);
    const text = `Job test (lineville/elastic-machines-testing · Env Test) started after 12m in queue on pool ${K8S_POOL}.`;
    expect(await resolved).toMatchObject({
      state: "resolved",
      resolvedAt: iso(T0 + 12 * MINUTE),
      resolution: text,
      summary: text,
      closedBy: { jobId: `github:${QUEUED_ID}`, runId: `github:${QUEUED_RUN}` },
    });
    expect(await openCount(s)).toBe(0);
    expect(await alertsOf(s, `github:${QUEUED_ID}`)).toHaveLength(1);
  });

  it("a replayed delivery is pushed to connected dashboards as jobs:updated", async () => {
    const s = await server();
    await deliver(s, finishedJob(7301, 5301, "failure", T0 - MINUTE));
    // As an older normaliser stored it: without the link the current one reads, so the replay changes it.
    const file = new SqliteDatabase(path.join(s.dataDir, SQLITE_FILE));
    try {
      file
        .prepare("UPDATE jobs SET data = json_set(data, '$.url', json('null')) WHERE id = ?")
        .run("github:7301");
    } finally {
      file.close();
    }
    const socket = await client(s);
    const pushed = nextUpdate(socket, "jobs:updated", (job) => job.id === "github:7301");
    // The replay inside the running server (POST /deliveries/replay), as an admin runs it after an upgrade.
    const result = await api<Record<string, unknown>>(s, "POST", "/deliveries/replay", { batch: 10 });
    expect(result).toMatchObject({ deliveries: 1, applied: 1, ignored: 0, failed: 0, failures: [] });
    expect(await pushed).toMatchObject({
      id: "github:7301",
      status: "failure",
      runId: "5301",
      url: "https://github.com/octo-org/octo-repo/runs/1291536064",
    });
  });

  it("a replay request with a bad batch is a 400 naming it, and the run is audited", async () => {
    const s = await server();
    const bad = await fetch(`${s.url}/api/v1/deliveries/replay`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ batch: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_body", field: "batch" } });
    await api(s, "POST", "/deliveries/replay");
    const audit = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      s,
      "GET",
      "/audit?action=deliveries.replayed",
    );
    expect(audit.items[0]?.details).toMatchObject({ deliveries: 0, applied: 0, failed: 0 });
  });
});
