/**
 * The metrics API over real HTTP: real GitHub fixtures delivered by signed
 * webhook to a real server (SQLite file, injected clock), then every
 * `/api/v1/metrics/*` endpoint read back with exact expected values, the
 * `metrics:updated` notice received by a real socket client, and bad queries
 * answered 400 naming the field.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { ClientToServerEvents, MetricsUpdatedPayload, ServerToClientEvents } from "../../lib/events";
import type {
  FailuresResponse,
  FlakyResponse,
  MetricsSummary,
  QueueResponse,
  RunnersMetricsResponse,
  TimeseriesResponse,
  WorkflowsResponse,
} from "../../lib/metrics";
import { manualClock } from "../domain/clock";
import {
  ADMIN_TOKEN,
  adminHeaders,
  fixtureJson,
  postGithub,
  startTestServer,
  type TestServer,
} from "./helpers";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Payload = { workflow_job: Record<string, unknown> };

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server?.close();
  server = null;
});

// The failed job of workflow_job.completed.1.json finished at 10:38:16 (started 10:34:58).
const NOW = Date.parse("2021-08-05T11:00:00Z");

async function start() {
  const clock = manualClock(NOW);
  server = await startTestServer({ clock });
  return { server, clock };
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${server?.url}${path}`, { headers: adminHeaders });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** A real fixture with the job fields given changed (id, times, conclusion…). */
function workflowJob(name: string, changes: Record<string, unknown>): string {
  const payload = fixtureJson<Payload>(`github/${name}`);
  payload.workflow_job = { ...payload.workflow_job, ...changes };
  return JSON.stringify(payload);
}

async function deliver(body: string) {
  const response = await postGithub(server?.url ?? "", body);
  expect(response.status).toBe(202);
}

describe("metrics API", () => {
  it("serves summary, time series, failures, flaky jobs and workflows from delivered jobs", async () => {
    await start();
    // Failed, then passed on a re-run of the same commit: flaky.
    await deliver(workflowJob("workflow_job.completed.1.json", {}));
    await deliver(
      workflowJob("workflow_job.completed.2.json", {
        id: 289782452,
        run_attempt: 2,
        started_at: "2021-08-05T10:40:00Z",
        completed_at: "2021-08-05T10:45:00Z",
      }),
    );

    const summary = await get<MetricsSummary>("/api/v1/metrics/summary?window=24h");
    expect(summary.counts).toMatchObject({ success: 1, failure: 1, timed_out: 0, running: 0, queued: 0 });
    expect(summary.successRate).toBe(0.5);
    // Durations 198 s and 300 s: nearest-rank p50 is the first, max the second (sketch within 0.5%).
    expect(Math.abs((summary.durationMs.p50 ?? 0) - 198_000)).toBeLessThanOrEqual(990);
    expect(summary.durationMs.max).toBe(300_000);
    expect(summary.throughput).toEqual({ started: 2, finished: 2 });
    expect(summary.from).toBe("2021-08-04T11:00:00.000Z");

    const repo = encodeURIComponent("Codertocat/Hello-World");
    const filtered = await get<MetricsSummary>(`/api/v1/metrics/summary?window=24h&repo=${repo}&branch=main`);
    expect(filtered.counts.total).toBe(summary.counts.total);

    const series = await get<TimeseriesResponse>(
      "/api/v1/metrics/timeseries?metric=success_rate&window=6h&bucket=1h",
    );
    expect(series.bucket).toBe("1h");
    const points = series.series[0]?.points ?? [];
    expect(points.map((p) => p.t)).toContain("2021-08-05T10:00:00.000Z");
    expect(points.find((p) => p.t === "2021-08-05T10:00:00.000Z")).toMatchObject({
      value: 0.5,
      success: 1,
      failure: 1,
    });

    const failures = await get<FailuresResponse>("/api/v1/metrics/failures?window=24h&groupBy=workflow");
    expect(failures.total).toBe(1);
    expect(failures.groups[0]?.jobs[0]).toMatchObject({ id: "github:289782451", status: "failure" });

    const flaky = await get<FlakyResponse>("/api/v1/metrics/flaky?window=24h");
    expect(flaky.items).toEqual([
      expect.objectContaining({
        job: "linters",
        commits: 1,
        flakyFailures: 1,
        lastSeenAt: "2021-08-05T10:45:00.000Z",
      }),
    ]);

    const workflows = await get<WorkflowsResponse>("/api/v1/metrics/workflows?window=24h");
    expect(workflows.leastReliable[0]).toMatchObject({ total: 2, successRate: 0.5 });
  });

  it("measures MTTR on the default branch from runs: first failure to next success", async () => {
    await start();
    const run = (id: number, conclusion: string, created: string, updated: string) => {
      const payload = fixtureJson<{ workflow_run: Record<string, unknown> }>(
        "github/workflow_run.completed.2.json",
      );
      payload.workflow_run = {
        ...payload.workflow_run,
        id,
        conclusion,
        created_at: created,
        run_started_at: created,
        updated_at: updated,
      };
      return JSON.stringify(payload);
    };
    for (const body of [
      run(1001, "failure", "2021-08-05T09:00:00Z", "2021-08-05T09:05:00Z"),
      run(1002, "failure", "2021-08-05T09:10:00Z", "2021-08-05T09:15:00Z"),
      run(1003, "success", "2021-08-05T09:20:00Z", "2021-08-05T09:30:00Z"),
    ]) {
      const response = await postGithub(server?.url ?? "", body, { event: "workflow_run" });
      expect(response.status).toBe(202);
    }
    // `main` or `master` by default: the fixture's runs are on master.
    const answer = await get<WorkflowsResponse>("/api/v1/metrics/workflows?window=24h");
    expect(answer.recovery).toEqual([
      {
        repo: "octo-org/octo-repo",
        workflow: ".github/workflows/test.yml",
        recoveries: 1,
        mttrMs: 25 * 60_000,
        failingSince: null,
      },
    ]);
    const elsewhere = await get<WorkflowsResponse>(
      "/api/v1/metrics/workflows?window=24h&defaultBranch=develop",
    );
    expect(elsewhere.recovery).toEqual([]);
  });

  it("shows the queue per pool with stuck jobs and a capacity hint, and runner utilisation", async () => {
    await start();
    // On a self-hosted runner: a GitHub-hosted one retires with its job and is no capacity.
    await deliver(
      workflowJob("workflow_job.completed.1.json", { runner_name: "rack-5", runner_group_name: "Default" }),
    );
    // A job waiting 30 min for a `self-hosted, k8s` runner nobody runs.
    await deliver(
      workflowJob("workflow_job.queued.2.json", {
        created_at: "2021-08-05T10:30:00Z",
        started_at: "2021-08-05T10:30:00Z",
      }),
    );

    const queue = await get<QueueResponse>("/api/v1/metrics/queue?stuckAfterMinutes=15");
    expect(queue).toMatchObject({ queued: 1, stuck: 1 });
    const pool = queue.pools.find((p) => p.pool === "k8s, self-hosted");
    expect(pool).toMatchObject({ queued: 1, stuck: 1, runners: { online: 0 } });
    expect(pool?.hint).toBe("1 job waiting and no online runner labelled `k8s`, `self-hosted`: start one");
    expect(queue.stuckJobs[0]?.id).toBe("github:12877621891");

    const runners = await get<RunnersMetricsResponse>("/api/v1/metrics/runners?window=24h");
    const runner = runners.runners.find((r) => r.name === "rack-5");
    // Busy 10:34:58 → 10:38:16 (198 s); online from that job's start until now (11:00:00).
    expect(runner).toMatchObject({ busyMs: 198_000, onlineMs: 1_502_000, jobs: 1 });
    expect(runner?.utilisation).toBeCloseTo(198_000 / 1_502_000, 12);
  });

  it("notifies dashboards with metrics:updated, naming what changed", async () => {
    await start();
    const socket: Client = connect(server?.url ?? "", {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
    });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const notices: MetricsUpdatedPayload[] = [];
    socket.on("metrics:updated", (payload) => notices.push(payload));
    await deliver(workflowJob("workflow_job.completed.1.json", {}));
    await deliver(workflowJob("workflow_job.completed.2.json", { id: 289782452 }));
    await expect.poll(() => notices.length, { timeout: 5000 }).toBe(1);
    expect(notices[0]).toMatchObject({
      version: 1,
      sources: ["github"],
      repos: ["Codertocat/Hello-World"],
    });
  });

  it("answers a bad query with 400 naming the field", async () => {
    await start();
    for (const [path, field] of [
      ["/api/v1/metrics/summary?window=2y", "window"],
      ["/api/v1/metrics/summary?window=30m", "window"],
      ["/api/v1/metrics/timeseries?window=24h", "metric"],
      ["/api/v1/metrics/timeseries?metric=duration&groupBy=colour", "groupBy"],
      ["/api/v1/metrics/timeseries?metric=duration&bucket=2h", "bucket"],
      ["/api/v1/metrics/failures?groupBy=planet", "groupBy"],
      ["/api/v1/metrics/summary?source=travis", "source"],
      ["/api/v1/metrics/queue?stuckAfterMinutes=0", "stuckAfterMinutes"],
    ] as const) {
      const response = await fetch(`${server?.url}${path}`, { headers: adminHeaders });
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: { field?: string } };
      expect(body.error.field, path).toBe(field);
    }
    const anonymous = await fetch(`${server?.url}/api/v1/metrics/summary`);
    expect(anonymous.status).toBe(401);
  });
});
