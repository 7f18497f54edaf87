/**
 * Outcomes as people mean them, over real HTTP on a real server (SQLite file,
 * injected clock): a crafted mix of success, failure, timed_out, cancelled,
 * skipped and neutral jobs gives the documented success rate, counts and
 * failure classes in every place that shows them; cancellations are listed
 * only when asked for; a run a newer push superseded is marked so, whichever
 * of the two arrives first; GitHub's `neutral` conclusion is an outcome of its
 * own; the flaky rule ignores a cancel-then-pass.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Job, JobStatus } from "../../lib/job";
import type {
  FailuresResponse,
  FlakyResponse,
  MetricsSummary,
  TimeseriesResponse,
  WorkflowsResponse,
} from "../../lib/metrics";
import type { RunDetail } from "../../lib/run";
import { manualClock } from "../domain/clock";
import {
  adminHeaders,
  fixtureJson,
  githubSignature,
  postGithub,
  SOURCE_SECRETS,
  startTestServer,
  type TestServer,
} from "./helpers";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const NOW = Date.parse("2026-03-02T12:00:00Z");
const at = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;

async function start(): Promise<TestServer> {
  server = await startTestServer({ clock: manualClock(NOW) });
  return server;
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${server?.url}${path}`, { headers: adminHeaders });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

interface Generic {
  id: string;
  status: JobStatus;
  name?: string;
  runId?: string;
  branch?: string;
  sha?: string;
  attempt?: number;
  queuedAt: string;
  finishedAt?: string;
  steps?: { name: string; status: JobStatus }[];
}

/** Posts one job to the generic endpoint (Runwatch's own format), signed. */
async function deliver(job: Generic): Promise<void> {
  const terminal = job.finishedAt !== undefined;
  const body = JSON.stringify({
    version: 1,
    job: {
      repo: "acme/app",
      workflow: "CI",
      name: "test",
      branch: "main",
      startedAt: terminal ? job.queuedAt : null,
      ...job,
    },
  });
  const response = await fetch(`${server?.url}/api/v1/webhooks/generic`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-runwatch-signature-256": githubSignature(body, SOURCE_SECRETS.generic),
    },
    body,
  });
  expect(response.status, await response.text()).toBe(202);
}

/** The mix: 3 success, 2 failure (a test and a build step), 1 timed_out, 2 cancelled, 1 skipped, 1 neutral. */
const MIX: Generic[] = [
  { id: "s1", status: "success", queuedAt: at("10:00:00"), finishedAt: at("10:05:00") },
  { id: "s2", status: "success", queuedAt: at("10:10:00"), finishedAt: at("10:15:00") },
  { id: "s3", status: "success", queuedAt: at("10:20:00"), finishedAt: at("10:25:00") },
  {
    id: "f1",
    status: "failure",
    queuedAt: at("10:30:00"),
    finishedAt: at("10:35:00"),
    steps: [{ name: "Run tests", status: "failure" }],
  },
  {
    id: "f2",
    status: "failure",
    queuedAt: at("10:31:00"),
    finishedAt: at("10:36:00"),
    steps: [{ name: "Build", status: "failure" }],
  },
  { id: "t1", status: "timed_out", queuedAt: at("10:32:00"), finishedAt: at("10:37:00") },
  { id: "c1", status: "cancelled", queuedAt: at("10:40:00"), finishedAt: at("10:41:00") },
  { id: "c2", status: "cancelled", queuedAt: at("10:42:00"), finishedAt: at("10:43:00") },
  { id: "k1", status: "skipped", queuedAt: at("10:44:00"), finishedAt: at("10:44:00") },
  { id: "n1", status: "neutral", queuedAt: at("10:45:00"), finishedAt: at("10:46:00") },
];

describe("outcomes", () => {
  it("counts each outcome on its own and rates successes of decided jobs, the same everywhere", async () => {
    await start();
    for (const job of MIX) await deliver(job);

    const summary = await get<MetricsSummary>("/api/v1/metrics/summary?window=24h");
    expect(summary.counts).toEqual({
      total: 10,
      success: 3,
      failure: 2,
      timed_out: 1,
      cancelled: 2,
      skipped: 1,
      neutral: 1,
      running: 0,
      queued: 0,
    });
    // 3 ÷ (3 + 2 + 1): cancelled, skipped and neutral are in neither side.
    expect(summary.successRate).toBe(0.5);

    const series = await get<TimeseriesResponse>(
      "/api/v1/metrics/timeseries?window=24h&metric=success_rate&bucket=1h",
    );
    const hour = series.series[0]?.points.find((p) => p.t === "2026-03-02T10:00:00.000Z");
    expect(hour).toEqual({
      t: "2026-03-02T10:00:00.000Z",
      count: 6,
      value: 0.5,
      success: 3,
      failure: 2,
      timed_out: 1,
      cancelled: 2,
      skipped: 1,
      neutral: 1,
    });

    const workflows = await get<WorkflowsResponse>("/api/v1/metrics/workflows?window=24h");
    expect(workflows.leastReliable.map((w) => [w.workflow, w.total, w.successRate])).toEqual([
      ["CI", 6, 0.5],
    ]);

    // Failure classes: the two failures and the timeout; the cancellations are not failures.
    const failures = await get<FailuresResponse>("/api/v1/metrics/failures?window=24h&groupBy=cause");
    expect(failures.outcome).toBe("failed");
    expect(failures.total).toBe(3);
    expect(failures.groups.map((g) => [g.key, g.count])).toEqual([
      ["build", 1],
      ["test", 1],
      ["timeout", 1],
    ]);
    // Who must act: a build and a test failure are the code's, a timeout the platform's.
    const byCategory = await get<FailuresResponse>("/api/v1/metrics/failures?window=24h&groupBy=category");
    expect(byCategory.groups.map((g) => [g.key, g.count])).toEqual([
      ["code", 2],
      ["infrastructure", 1],
    ]);
    const byStep = await get<FailuresResponse>("/api/v1/metrics/failures?window=24h&groupBy=step");
    expect(byStep.groups.map((g) => [g.key, g.count])).toEqual([
      ["(no step)", 1],
      ["Build", 1],
      ["Run tests", 1],
    ]);

    // Behind the explicit toggle: the cancellations alone.
    const cancelled = await get<FailuresResponse>("/api/v1/metrics/failures?window=24h&outcome=cancelled");
    expect(cancelled.outcome).toBe("cancelled");
    expect(cancelled.total).toBe(2);
    expect(cancelled.groups.map((g) => [g.key, g.count, g.jobs.map((j) => j.id)])).toEqual([
      ["cancelled", 2, ["generic:c2", "generic:c1"]],
    ]);

    // The status filter takes every outcome, neutral included.
    const neutral = await get<{ items: Job[] }>("/api/v1/jobs?status=neutral,skipped");
    expect(neutral.items.map((j) => j.id).sort()).toEqual(["generic:k1", "generic:n1"]);
  });

  it("refuses an unknown outcome with a 400 naming the field", async () => {
    await start();
    const response = await fetch(`${server?.url}/api/v1/metrics/failures?outcome=everything`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("outcome");
  });

  it("does not count a cancel-then-pass on one commit as flaky", async () => {
    await start();
    const commit = { sha: "abc123", name: "e2e" };
    await deliver({
      id: "a1",
      status: "cancelled",
      ...commit,
      queuedAt: at("09:00:00"),
      finishedAt: at("09:01:00"),
    });
    await deliver({
      id: "a2",
      status: "success",
      ...commit,
      attempt: 2,
      queuedAt: at("09:02:00"),
      finishedAt: at("09:05:00"),
    });
    expect((await get<FlakyResponse>("/api/v1/metrics/flaky?window=24h")).items).toEqual([]);
    // A real failure before the pass is a flake.
    await deliver({
      id: "a0",
      status: "failure",
      ...commit,
      queuedAt: at("08:50:00"),
      finishedAt: at("08:55:00"),
    });
    const flaky = await get<FlakyResponse>("/api/v1/metrics/flaky?window=24h");
    expect(flaky.items.map((i) => [i.job, i.commits, i.flakyFailures])).toEqual([["e2e", 1, 1]]);
  });
});

describe("superseded", () => {
  const run = (id: string) => get<RunDetail>(`/api/v1/runs/${encodeURIComponent(`generic:${id}`)}`);
  const job = (id: string) => get<Job>(`/api/v1/jobs/${encodeURIComponent(`generic:${id}`)}`);
  const onFeature = { branch: "feature/x", name: "build" };

  it("marks a run cancelled when a newer push was queued, whichever arrives first", async () => {
    await start();
    // The cancellation arrives first; the newer run (queued 30 s before it) after.
    await deliver({
      id: "a",
      runId: "run-a",
      status: "cancelled",
      ...onFeature,
      queuedAt: at("11:00:00"),
      finishedAt: at("11:05:00"),
    });
    expect((await job("a")).superseded).toBeUndefined();
    await deliver({ id: "b", runId: "run-b", status: "running", ...onFeature, queuedAt: at("11:04:30") });
    expect((await job("a")).superseded).toBe(true);
    const a = await run("run-a");
    expect(a.run).toMatchObject({ status: "cancelled", superseded: true });
    expect(a.jobs.map((j) => j.superseded)).toEqual([true]);

    // The newer run first (queued 11:41), then the older one's cancellation (11:42).
    await deliver({ id: "e", runId: "run-e", status: "running", ...onFeature, queuedAt: at("11:40:00") });
    await deliver({ id: "f", runId: "run-f", status: "queued", ...onFeature, queuedAt: at("11:41:00") });
    await deliver({
      id: "e",
      runId: "run-e",
      status: "cancelled",
      ...onFeature,
      queuedAt: at("11:40:00"),
      finishedAt: at("11:42:00"),
    });
    expect((await job("e")).superseded).toBe(true);
    expect((await run("run-e")).run.superseded).toBe(true);
    // The newer runs themselves are not cancellations.
    expect((await run("run-f")).run.superseded).toBeUndefined();
    expect((await run("run-b")).run.superseded).toBeUndefined();
  });

  it("leaves a cancellation alone when no newer run came around it, or on another branch", async () => {
    await start();
    await deliver({
      id: "c",
      runId: "run-c",
      status: "cancelled",
      ...onFeature,
      queuedAt: at("11:10:00"),
      finishedAt: at("11:20:00"),
    });
    // Ten minutes after the cancellation: a new push, not what stopped it.
    await deliver({
      id: "d",
      runId: "run-d",
      status: "success",
      ...onFeature,
      queuedAt: at("11:30:00"),
      finishedAt: at("11:35:00"),
    });
    // Same repo and workflow, another branch: another lineage.
    await deliver({
      id: "g",
      runId: "run-g",
      status: "cancelled",
      name: "build",
      branch: "main",
      queuedAt: at("11:25:00"),
      finishedAt: at("11:31:00"),
    });
    expect((await job("c")).superseded).toBeUndefined();
    expect((await run("run-c")).run.superseded).toBeUndefined();
    expect((await job("g")).superseded).toBeUndefined();
    // A failure is never superseded, even with a newer run right after it.
    await deliver({
      id: "h",
      runId: "run-h",
      status: "failure",
      ...onFeature,
      queuedAt: at("11:36:00"),
      finishedAt: at("11:37:00"),
    });
    await deliver({ id: "i", runId: "run-i", status: "queued", ...onFeature, queuedAt: at("11:37:10") });
    expect((await job("h")).superseded).toBeUndefined();
  });
});

describe("GitHub's neutral conclusion", () => {
  it("is stored as neutral and counted in no rate", async () => {
    await start();
    const payload = fixtureJson<{ workflow_job: Record<string, unknown> }>(
      "github/workflow_job.completed.2.json",
    );
    payload.workflow_job = { ...payload.workflow_job, conclusion: "neutral" };
    const response = await postGithub(server?.url ?? "", JSON.stringify(payload));
    expect(response.status).toBe(202);
    const stored = await get<Job>(`/api/v1/jobs/github:${String(payload.workflow_job.id)}`);
    expect(stored.status).toBe("neutral");
    expect(stored.failure).toBeNull();
  });
});
