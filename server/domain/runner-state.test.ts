import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import {
  effectiveRunner,
  formerRunnerId,
  runnerAfterAgent,
  runnerAfterJob,
  runnerReleased,
} from "./runner-state";

const job = (id: string, status: Job["status"], name: string | null = "box-1"): Job => ({
  id: `generic:${id}`,
  source: "generic",
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  runId: id,
  attempt: 1,
  branch: null,
  sha: null,
  status,
  queuedAt: null,
  startedAt: null,
  finishedAt: null,
  queueMs: null,
  durationMs: null,
  runner: { name, group: "linux", labels: ["gpu"] },
  url: null,
  failure: null,
  steps: [],
});

const AT = "2026-01-01T00:00:00.000Z";
const LATER = "2026-01-01T00:05:00.000Z";

describe("runnerAfterJob", () => {
  it("ignores jobs that name no runner", () => {
    expect(runnerAfterJob(null, job("1", "running", null), AT)).toBeNull();
  });

  it("is busy with a running job, and idle once that job (not another) finishes", () => {
    const busy = runnerAfterJob(null, job("1", "running"), AT);
    expect(busy).toMatchObject({
      id: "generic:box-1",
      status: "busy",
      currentJobId: "generic:1",
      labels: ["gpu"],
    });
    const onB = runnerAfterJob(busy, job("2", "running"), LATER) as Runner;
    // Job 1's late completion must not free the runner that has moved on to job 2.
    expect(runnerAfterJob(onB, job("1", "success"), LATER)).toMatchObject({
      status: "busy",
      currentJobId: "generic:2",
    });
    expect(runnerAfterJob(onB, job("2", "failure"), LATER)).toMatchObject({
      status: "idle",
      currentJobId: null,
    });
  });

  it("keeps the newest time it was seen", () => {
    const seen = runnerAfterJob(null, job("1", "running"), LATER) as Runner;
    expect(runnerAfterJob(seen, job("1", "success"), AT)?.lastSeenAt).toBe(LATER);
  });
});

describe("runnerAfterAgent", () => {
  const agent = (state: "connected" | "disconnected", at: string) => ({
    source: "buildkite" as const,
    name: "agent-1",
    id: "a1",
    group: "default",
    labels: ["queue=default"],
    state,
    at,
  });

  it("applies agent events by their time, not their arrival", () => {
    const offline = runnerAfterAgent(null, agent("disconnected", LATER));
    expect(runnerAfterAgent(offline, agent("connected", AT))).toMatchObject({
      status: "offline",
      connected: false,
    });
    const online = runnerAfterAgent(null, agent("connected", AT));
    expect(runnerAfterAgent(online, agent("disconnected", LATER))).toMatchObject({ status: "offline" });
  });
});

describe("effectiveRunner", () => {
  const idle = runnerAfterJob(
    runnerAfterJob(null, job("1", "running"), AT),
    job("1", "success"),
    AT,
  ) as Runner;

  it("reads an idle runner silent past the limit as offline, but never a busy one", () => {
    const now = Date.parse(AT);
    expect(effectiveRunner(idle, now + 60_000, 60_000).status).toBe("idle");
    expect(effectiveRunner(idle, now + 60_001, 60_000).status).toBe("offline");
    const busy = runnerAfterJob(null, job("2", "running"), AT) as Runner;
    expect(effectiveRunner(busy, now + 10 * 60_000, 60_000).status).toBe("busy");
  });
});

describe("formerRunnerId", () => {
  it("names the runner an earlier report put the job on, once a later one names another", () => {
    expect(formerRunnerId(job("1", "running", "box-1"), job("1", "running", "box-2"))).toBe("generic:box-1");
  });

  it("is null for a new job, the same runner, or an earlier report that named none", () => {
    expect(formerRunnerId(null, job("1", "running", "box-2"))).toBeNull();
    expect(formerRunnerId(job("1", "queued", "box-2"), job("1", "running", "box-2"))).toBeNull();
    expect(formerRunnerId(job("1", "queued", null), job("1", "running", "box-2"))).toBeNull();
  });

  it("names the former runner when the later report names none", () => {
    expect(formerRunnerId(job("1", "running", "box-1"), job("1", "running", null))).toBe("generic:box-1");
  });
});

describe("runnerReleased", () => {
  const busyWith = (jobId: string, connected: boolean | null): Runner => ({
    id: "generic:box-1",
    source: "generic",
    name: "box-1",
    group: "linux",
    labels: ["gpu"],
    status: "busy",
    currentJobId: jobId,
    lastSeenAt: AT,
    connected,
    kind: "self-hosted",
    kindSource: "activity",
    retired: false,
  });

  it("frees a runner busy with the job that moved: idle, everything else kept", () => {
    expect(runnerReleased(busyWith("generic:1", null), { id: "generic:1" })).toEqual({
      id: "generic:box-1",
      source: "generic",
      name: "box-1",
      group: "linux",
      labels: ["gpu"],
      status: "idle",
      currentJobId: null,
      lastSeenAt: AT,
      connected: null,
      kind: "self-hosted",
      kindSource: "activity",
      retired: false,
    });
  });

  it("leaves a runner that agent events reported gone offline, not idle", () => {
    expect(runnerReleased(busyWith("generic:1", false), { id: "generic:1" })).toMatchObject({
      status: "offline",
      currentJobId: null,
    });
  });

  it("releases nothing when the runner is unknown or busy with another job", () => {
    expect(runnerReleased(null, { id: "generic:1" })).toBeNull();
    expect(runnerReleased(busyWith("generic:2", true), { id: "generic:1" })).toBeNull();
  });
});
