import { describe, expect, it } from "vitest";
import { Cluster, type JobSnapshot, type SimEvent } from "./cluster";
import { buildWorkflowJobPayload, loadTemplate, type WorkflowJobPayload } from "./github-payload";
import { seedFrom } from "./random";
import { signBody } from "./sender";

const EPOCH = Date.UTC(2026, 0, 15, 9, 30, 0);

/** Every job transition of a complete `--once` burst. */
function burst(seed: number): Extract<SimEvent, { type: "job" }>[] {
  const cluster = new Cluster({
    seed,
    speed: 8,
    ratePerMinute: 0,
    spikes: false,
    firstJobId: 1000,
    firstRunId: 500,
  });
  cluster.burst(0);
  return cluster.advance(Number.POSITIVE_INFINITY).filter((e) => e.type === "job");
}

/** A longer live-mode stretch: arrivals, spikes, re-runs. */
function live(seed: number, minutes: number): SimEvent[] {
  const cluster = new Cluster({ seed, speed: 8, ratePerMinute: 20, spikes: true });
  return cluster.advance(minutes * 60_000);
}

const payloads = (events: Extract<SimEvent, { type: "job" }>[]) =>
  events.map((e) => ({ event: e, payload: buildWorkflowJobPayload(e.job, EPOCH) }));

const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

describe("signBody", () => {
  it("matches GitHub's published test vector", () => {
    expect(signBody("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("signs the exact bytes", () => {
    const body = JSON.stringify({ name: "café ✓" });
    expect(signBody("s3cret-value", Buffer.from(body, "utf8"))).toBe(signBody("s3cret-value", body));
  });
});

describe("buildWorkflowJobPayload", () => {
  const all = payloads(burst(seedFrom("test")));
  const byAction = (action: string) => all.filter((p) => p.event.action === action);

  it("produces every lifecycle stage", () => {
    for (const action of ["queued", "waiting", "in_progress", "completed"]) {
      expect(byAction(action).length, action).toBeGreaterThan(0);
    }
  });

  it("keeps the template's shape: every key, in the same order", () => {
    const template = loadTemplate();
    for (const { payload } of all) {
      expect(Object.keys(payload)).toEqual(Object.keys(template));
      expect(Object.keys(payload.workflow_job)).toEqual(Object.keys(template.workflow_job));
      expect(Object.keys(payload.repository)).toEqual(Object.keys(template.repository));
      expect(Object.keys(payload.sender)).toEqual(Object.keys(template.sender));
    }
  });

  it("leaves nothing of the template's example organisation behind", () => {
    const text = JSON.stringify(all.map((p) => p.payload));
    for (const leftover of ["Codertocat", "Hello-World", "Octocoders", "octo-org"]) {
      expect(text).not.toContain(leftover);
    }
  });

  it("describes repository, run and job consistently", () => {
    for (const { event, payload } of all) {
      const wj = payload.workflow_job;
      const repo = payload.repository;
      expect(repo.full_name).toBe(`${repo.owner.login}/${repo.name}`);
      expect(repo.owner.login).toBe("acme");
      expect(payload.organization?.login).toBe("acme");
      expect(payload.action).toBe(wj.status);
      expect(wj.head_sha).toMatch(/^[0-9a-f]{40}$/);
      expect(wj.html_url).toBe(`https://github.com/${repo.full_name}/actions/runs/${wj.run_id}/job/${wj.id}`);
      expect(wj.run_url).toBe(`https://api.github.com/repos/${repo.full_name}/actions/runs/${wj.run_id}`);
      expect(wj.run_attempt).toBe(event.job.attempt);
      expect(wj.labels.length).toBeGreaterThan(0);
      expect(wj.workflow_name).toBe(event.job.workflow);
    }
  });

  it("queued: no conclusion, started_at = created_at, no runner, no steps", () => {
    for (const { payload } of byAction("queued")) {
      const wj = payload.workflow_job;
      expect(wj.status).toBe("queued");
      expect(wj.conclusion).toBeNull();
      expect(wj.completed_at).toBeNull();
      expect(wj.started_at).toBe(wj.created_at);
      expect(wj.runner_name).toBeNull();
      expect(wj.steps).toEqual([]);
    }
  });

  it("waiting: gated by an environment, still no runner", () => {
    for (const { payload } of byAction("waiting")) {
      const wj = payload.workflow_job;
      expect(wj.status).toBe("waiting");
      expect(wj.conclusion).toBeNull();
      expect(wj.runner_name).toBeNull();
      expect(wj.name).toMatch(/deploy|apply/);
    }
  });

  it("in_progress: a runner, first step running, the rest queued", () => {
    for (const { payload } of byAction("in_progress")) {
      const wj = payload.workflow_job;
      expect(wj.conclusion).toBeNull();
      expect(wj.completed_at).toBeNull();
      expect(ms(wj.started_at)).toBeGreaterThanOrEqual(ms(wj.created_at));
      expect(wj.runner_name).toEqual(expect.any(String));
      expect(wj.runner_group_name).toEqual(expect.any(String));
      expect(wj.runner_id).toEqual(expect.any(Number));
      const [first, ...rest] = wj.steps;
      expect(first).toMatchObject({ name: "Set up job", status: "in_progress", conclusion: null });
      for (const step of rest) expect(step).toMatchObject({ status: "queued", started_at: null });
    }
  });

  it("completed: a conclusion, ordered timestamps, finished steps that agree with it", () => {
    const conclusions = new Set<string | null>();
    for (const { payload } of byAction("completed")) {
      const wj = payload.workflow_job;
      conclusions.add(wj.conclusion);
      expect(["success", "failure", "cancelled", "skipped", "timed_out"]).toContain(wj.conclusion);
      expect(ms(wj.completed_at)).toBeGreaterThanOrEqual(ms(wj.started_at));
      expect(ms(wj.started_at)).toBeGreaterThanOrEqual(ms(wj.created_at));
      for (const step of wj.steps) expect(step.status).toBe("completed");
      const failed = wj.steps.filter((s) => s.conclusion === "failure");
      if (wj.conclusion === "failure") expect(failed).toHaveLength(1);
      if (wj.conclusion === "success") {
        expect(failed).toHaveLength(0);
        expect(wj.steps.length).toBeGreaterThan(0);
      }
      if (wj.conclusion === "skipped") expect(wj.runner_name).toBeNull();
    }
    expect(conclusions.has("success")).toBe(true);
  });

  it("follows each job through queued → (waiting) → in_progress → completed", () => {
    const order = ["queued", "waiting", "in_progress", "completed"];
    const seen = new Map<number, string[]>();
    for (const { event } of all) seen.set(event.job.id, [...(seen.get(event.job.id) ?? []), event.action]);
    for (const actions of seen.values()) {
      const ranks = actions.map((a) => order.indexOf(a));
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      expect(actions.at(-1)).toBe("completed");
    }
  });
});

describe("Cluster", () => {
  const fingerprint = (events: SimEvent[]) =>
    events.map((e) =>
      e.type === "note" ? `${e.at} ${e.message}` : `${e.at} ${e.action} ${e.job.id} ${e.job.name}`,
    );

  it("gives the same sequence for the same seed", () => {
    expect(fingerprint(live(7, 3))).toEqual(fingerprint(live(7, 3)));
    const a = burst(11).map((e) => buildWorkflowJobPayload(e.job, EPOCH));
    const b = burst(11).map((e) => buildWorkflowJobPayload(e.job, EPOCH));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("gives a different sequence for another seed", () => {
    expect(fingerprint(live(7, 3))).not.toEqual(fingerprint(live(8, 3)));
  });

  it("re-runs a failed job as a new job id with run_attempt + 1 on the same run and sha", () => {
    const events = live(3, 10).filter((e): e is Extract<SimEvent, { type: "job" }> => e.type === "job");
    const retries = events.filter((e) => e.action === "queued" && e.job.attempt > 1);
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      const earlier = events.find(
        (e) =>
          e.job.runId === retry.job.runId &&
          e.job.name === retry.job.name &&
          e.job.attempt === retry.job.attempt - 1 &&
          e.action === "completed",
      );
      expect(earlier, `${retry.job.name} attempt ${retry.job.attempt}`).toBeDefined();
      expect(earlier?.job.id).not.toBe(retry.job.id);
      expect(earlier?.job.sha).toBe(retry.job.sha);
      expect(earlier?.job.conclusion).not.toBe("success");
    }
  });

  it("queues jobs when a runner pool is full", () => {
    const started = live(5, 10).filter(
      (e): e is Extract<SimEvent, { type: "job" }> & { job: JobSnapshot } =>
        e.type === "job" && e.action === "in_progress",
    );
    const waits = started.map((e) => (e.job.startedAt ?? 0) - e.job.createdAt);
    expect(Math.max(...waits)).toBeGreaterThan(10_000);
  });

  it("stop() leaves no job unfinished", () => {
    const cluster = new Cluster({ seed: 1, speed: 8, ratePerMinute: 30, spikes: true });
    cluster.advance(90_000);
    expect(cluster.activeJobs).toBeGreaterThan(0);
    const events = cluster.stop(90_000);
    expect(events.every((e) => e.type === "job" && e.job.conclusion === "cancelled")).toBe(true);
    expect(cluster.activeJobs).toBe(0);
    expect(cluster.advance(600_000)).toEqual([]);
  });
});

describe("template", () => {
  it("is GitHub's workflow_job example, unchanged", () => {
    const template: WorkflowJobPayload = loadTemplate();
    expect(template.action).toBe("completed");
    expect(template.workflow_job.id).toBe(289782451);
    expect(template.repository.full_name).toBe("Codertocat/Hello-World");
  });
});
