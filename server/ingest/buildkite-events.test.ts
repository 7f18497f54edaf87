import { afterEach, describe, expect, it, vi } from "vitest";
import { isTerminal } from "../../lib/job";
import { runIdOf } from "../../lib/run";
import {
  BUILD_ID,
  BUILD_URL,
  JOB_ID,
  data,
  deliver,
  jobOf,
  webhookBody,
  type Json,
} from "./buildkite.test-fixtures";

describe("job events (from the EventBridge examples)", () => {
  const common = {
    id: `buildkite:${JOB_ID}`,
    source: "buildkite",
    repo: "my-org/my-pipeline", // git@somewhere.com is no forge: the Buildkite org/pipeline
    workflow: "my-pipeline",
    name: ":nodejs: Test",
    runId: BUILD_ID,
    attempt: 1,
    branch: "main",
    sha: "5a741616cdf07dc87c5adafe784321eeeb639e33",
    queuedAt: "2019-08-11T06:01:14Z",
    url: `${BUILD_URL}#${JOB_ID}`,
    steps: [],
  };

  it("job.scheduled: queued on the default queue, no agent yet", () => {
    expect(jobOf(webhookBody("job.scheduled.json"))).toEqual({
      ...common,
      status: "queued",
      startedAt: null,
      finishedAt: null,
      queueMs: null,
      durationMs: null,
      runner: { id: null, name: null, group: "default", labels: ["queue=default"] },
      failure: null,
    });
  });

  it("job.started: running", () => {
    const job = jobOf(webhookBody("job.started.json"));
    expect(job).toMatchObject({
      ...common,
      status: "running",
      startedAt: "2019-08-11T06:01:16Z",
      finishedAt: null,
    });
  });

  it("job.finished: passed, on its agent", () => {
    const job = jobOf(webhookBody("job.finished.json"));
    expect(job).toMatchObject({
      ...common,
      status: "success",
      startedAt: "2019-08-11T06:01:16Z",
      finishedAt: "2019-08-11T06:01:35Z",
      runner: { id: "0191695c-920d-4644-8be9-a674252ac", name: null, group: "default" },
      failure: null,
    });
  });

  it("job.finished: a failed command keeps the signal reason", () => {
    const body = webhookBody("job.finished.json");
    Object.assign(body.job as Json, { state: "failed", passed: false, exit_status: 1, signal_reason: null });
    // The job is the pipeline step: its label, ":nodejs: Test", names a test failure and is the failing step.
    expect(jobOf(body)).toMatchObject({
      status: "failure",
      failure: { cause: "test", step: ":nodejs: Test" },
    });
    Object.assign(body.job as Json, { exit_status: -1, signal_reason: "agent_stop" });
    expect(jobOf(body)?.failure).toEqual({
      cause: "runner_lost",
      step: ":nodejs: Test",
      reason: "agent_stop",
    });
    // Without a label the step key names the step.
    Object.assign(body.job as Json, { label: null, name: null });
    expect(jobOf(body)?.failure?.step).toBe("node_test");
    Object.assign(body.job as Json, { label: ":nodejs: Test", state: "timed_out", signal_reason: null });
    expect(jobOf(body)?.failure).toEqual({ cause: "timeout", step: ":nodejs: Test" });
    Object.assign(body.job as Json, { state: "canceled" });
    expect(jobOf(body)?.failure).toEqual({ cause: "cancelled", step: null });
    Object.assign(body.job as Json, {
      state: "expired",
      started_at: null,
      finished_at: null,
      expired_at: "2019-08-11T07:01:14Z",
    });
    Object.assign(body.job as Json, { signal_reason: null, exit_status: null });
    expect(jobOf(body)).toMatchObject({
      status: "failure",
      finishedAt: "2019-08-11T07:01:14Z",
      failure: { cause: "no_runner", reason: "expired" },
    });
  });

  it.each([
    ["scheduled", "queued"],
    ["waiting", "waiting"],
    ["running", "running"],
    ["canceling", "running"],
    ["passed", "success"],
    ["failed", "failure"],
    ["timed_out", "timed_out"],
    ["canceled", "cancelled"],
    ["waiting_failed", "skipped"],
  ] as const)("job.finished with state %s: %s, finished only when terminal", (state, status) => {
    const body = webhookBody("job.finished.json");
    Object.assign(body.job as Json, {
      state,
      passed: state === "passed",
      exit_status: state === "failed" ? 1 : 0,
    });
    const job = jobOf(body);
    expect(job?.status).toBe(status);
    expect(job?.finishedAt).toBe(isTerminal(status) ? "2019-08-11T06:01:35Z" : null);
    expect(job?.failure?.cause ?? null).toBe(
      ({ failed: "test", timed_out: "timeout", canceled: "cancelled" } as Record<string, string>)[state] ??
        null,
    );
  });

  it("job.activated: a manual (block) job is ignored", () => {
    expect(deliver(webhookBody("job.activated.json")).result).toEqual({ kind: "ignored" });
  });

  it("job.promised_exit_status: still a running job", () => {
    const job = jobOf(webhookBody("job.promised_exit_status.json"));
    expect(job).toMatchObject({
      id: "buildkite:01234567-89ab-cdef-0123-456789abcdef",
      name: "Test",
      status: "running",
      runId: "89abcdef-0123-4567-89ab-cdef01234567",
      startedAt: "2026-06-03T04:14:10Z",
    });
  });

  it("counts retries into the attempt", () => {
    const body = webhookBody("job.finished.json");
    (body.job as Json).retry_source = {
      job_id: "01234567-89ab-cdef-0123-456789abcdef",
      retry_type: "manual",
    };
    expect(jobOf(body)?.attempt).toBe(2);
    (body.job as Json).retries_count = 2;
    expect(jobOf(body)?.attempt).toBe(3);
  });

  it("refuses a retry count whose attempt would not be a safe integer (found by fuzzing)", () => {
    const body = webhookBody("job.finished.json");
    (body.job as Json).retries_count = Number.MAX_SAFE_INTEGER;
    expect(() => jobOf(body)).toThrow(/job\.retries_count/);
  });

  it("accepts EventBridge's spaced UTC times as they are", () => {
    const body = webhookBody("job.finished.json");
    (body.job as Json).finished_at = "2019-08-11 06:01:35 UTC";
    expect(jobOf(body)?.finishedAt).toBe("2019-08-11T06:01:35Z");
  });

  it.each([["waiter"], ["manual"], ["trigger"], ["constructor"]])("ignores %s jobs", (type) => {
    const body = webhookBody("job.finished.json");
    (body.job as Json).type = type;
    expect(deliver(body).result).toEqual({ kind: "ignored" });
  });
});

describe("build events (from the EventBridge examples)", () => {
  const runOf = (name: string) => data(deliver(webhookBody(name)).result).runs[0];

  it("build.scheduled, running and finished: one reported run, linked to its jobs", () => {
    const base = {
      id: `buildkite:${BUILD_ID}`,
      source: "buildkite",
      repo: "my-org/my-pipeline",
      workflow: "my-pipeline",
      runId: BUILD_ID,
      number: 123456,
      attempt: 1,
      trigger: "webhook",
      branch: "main",
      sha: "5a741616cdf07dc87c5adafe784321eeeb639e33",
      queuedAt: null,
      durationMs: null,
      url: BUILD_URL,
      reported: true,
    };
    expect(runOf("build.created.json")).toEqual({
      ...base,
      status: "queued",
      startedAt: null,
      finishedAt: null,
    });
    expect(runOf("build.started.json")).toEqual({
      ...base,
      status: "running",
      startedAt: "2019-08-11T06:01:16Z",
      finishedAt: null,
    });
    const finished = runOf("build.finished.json");
    expect(finished).toMatchObject({ status: "success", finishedAt: "2019-08-11T06:01:35Z" });
    expect(finished?.id).toBe(runIdOf(jobOf(webhookBody("job.finished.json"))!));
  });

  it("build.failing: still running", () => {
    expect(runOf("build.failing.json")).toMatchObject({ status: "running", number: 1299, trigger: "ui" });
  });

  it("a blocked build.finished waits, and names its GitHub repository", () => {
    expect(runOf("build.blocked.json")).toMatchObject({
      status: "waiting",
      finishedAt: null,
      repo: "nithyaasworld/add-contact-chip",
      workflow: "webhook-test",
      number: 23,
    });
  });
});

describe("agent events (from the EventBridge examples)", () => {
  afterEach(() => vi.useRealTimers());
  const agentIn = (body: Json) => data(deliver(body).result).agents[0];
  const agentOf = (name: string) => agentIn(webhookBody(name));
  const agent = {
    source: "buildkite",
    name: "my-agent-1",
    id: "288139c5-728d-4c22-88e3-5a926b6c4a51",
    group: null,
    labels: ["aws:instance-id=i-0ce2c738afbfc6c83"],
  };

  it.each([
    ["agent.connected.json", "connected", "2019-08-10T09:44:40Z"],
    ["agent.stopping.json", "connected", "2019-08-10T09:44:40Z"],
    ["agent.disconnected.json", "disconnected", "2019-08-10T09:54:40Z"],
    ["agent.stopped.json", "disconnected", "2019-08-10T09:54:40Z"],
    ["agent.lost.json", "disconnected", "2019-08-10T09:54:40Z"],
  ])("%s → %s at %s", (name, state, at) => {
    expect(agentOf(name)).toEqual({ ...agent, state, at });
  });

  it("reads the queue from the meta-data, and dates an event from the body alone", () => {
    vi.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00Z") });
    const body = webhookBody("agent.stopping.json");
    Object.assign(body.agent as Json, { meta_data: ["queue=deploy", "os=linux"], connected_at: null });
    Object.assign(body.agent as Json, {
      created_at: "2019-08-10T07:00:00Z",
      last_job_finished_at: "2019-08-10T09:50:00Z",
    });
    expect(agentIn(body)).toMatchObject({
      group: "deploy",
      labels: ["queue=deploy", "os=linux"],
      at: "2019-08-10T09:50:00Z",
    });
    vi.setSystemTime(Date.parse("2040-01-01T00:00:00Z"));
    expect(agentIn(body)?.at).toBe("2019-08-10T09:50:00Z");
  });
});
