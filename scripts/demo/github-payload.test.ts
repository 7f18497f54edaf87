import { describe, expect, it } from "vitest";
import { githubSource } from "../../server/ingest/github";
import { GITHUB_CATALOG } from "./catalogs/github";
import type { JobEvent } from "./cluster";
import {
  buildWorkflowJobPayload,
  githubTarget,
  loadTemplate,
  type WorkflowJobPayload,
} from "./github-payload";
import { signBody } from "./sender";
import { burstOf, EPOCH, ingest, jobEvents, observed } from "./test-support";

const SECRET = "s3cret-value";
const SECRETS = { RUNWATCH_GITHUB_SECRET: SECRET };

const payloads = (events: JobEvent[]) =>
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

const all = payloads(jobEvents(burstOf(GITHUB_CATALOG, 11)));

describe("buildWorkflowJobPayload", () => {
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

describe("githubTarget", () => {
  const target = githubTarget("http://runwatch.test", SECRET);

  it("signs the exact body and names the event and delivery", () => {
    const body = JSON.stringify({ action: "queued", name: "café ✓" });
    const headers = target.headers({ id: "d-1", event: "workflow_job", body }, EPOCH);
    expect(target.url).toBe("http://runwatch.test/api/v1/webhooks/github");
    expect(headers).toMatchObject({
      "X-GitHub-Event": "workflow_job",
      "X-GitHub-Delivery": "d-1",
      "X-Hub-Signature-256": signBody(SECRET, Buffer.from(body, "utf8")),
    });
  });

  it("is accepted by the server's GitHub adapter, and every job normalises", () => {
    for (const { event, payload } of all) {
      const result = ingest(githubSource, target, "workflow_job", payload, SECRETS, {
        id: `d-${event.job.id}`,
      });
      expect(result.verified).toEqual({ ok: true });
      expect(result.deliveryId).toBe(`d-${event.job.id}`);
      const [job] = observed(result).jobs;
      expect(job).toMatchObject({
        id: `github:${event.job.id}`,
        repo: `acme/${event.job.repo.name}`,
        workflow: event.job.workflow,
        name: event.job.name,
        attempt: event.job.attempt,
      });
      const expected = { queued: "queued", waiting: "waiting", in_progress: "running" }[
        event.action as string
      ];
      expect(job?.status).toBe(expected ?? event.job.conclusion);
    }
  });

  it("is refused with another secret", () => {
    const result = ingest(githubSource, target, "workflow_job", all[0]?.payload, {
      RUNWATCH_GITHUB_SECRET: "another-secret",
    });
    expect(result.verified.ok).toBe(false);
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
