import { describe, expect, it } from "vitest";
import { gitlabSource } from "../../server/ingest/gitlab";
import { GITLAB_CATALOG } from "./catalogs/gitlab";
import {
  buildJobHook,
  buildPipelineHook,
  gitlabTarget,
  loadJobTemplate,
  loadPipelineTemplate,
} from "./gitlab-payload";
import { EPOCH, ingest, jobEvents, liveOf, observed, runEvents } from "./test-support";

const TOKEN = "gl-secret-token";
const SECRETS = { RUNWATCH_GITLAB_TOKEN: TOKEN };
const target = gitlabTarget("http://runwatch.test", TOKEN);
const events = liveOf(GITLAB_CATALOG, 15, 6);
const jobs = jobEvents(events).map((e) => ({ event: e, body: buildJobHook(e.job, e.action, EPOCH) }));
const pipelines = runEvents(events).map((e) => ({
  event: e,
  body: buildPipelineHook(e.run, e.action, EPOCH),
}));

const DROPPED = ["source_pipeline", "merge_request"];
const keysOf = (value: unknown) => Object.keys(value as Record<string, unknown>);

describe("gitlabTarget", () => {
  it("sends the token, the event and an Idempotency-Key that is the delivery id", () => {
    const headers = target.headers({ id: "6b1c…", event: "Job Hook", body: "{}" }, EPOCH);
    expect(target.url).toBe("http://runwatch.test/api/v1/webhooks/gitlab");
    expect(headers).toMatchObject({
      "X-Gitlab-Event": "Job Hook",
      "X-Gitlab-Token": TOKEN,
      "Idempotency-Key": "6b1c…",
    });
  });

  it("is accepted by the server's GitLab adapter, deduplicated on the delivery id", () => {
    const result = ingest(gitlabSource, target, "Job Hook", jobs[0]?.body, SECRETS, { id: "idem-1" });
    expect(result.verified).toEqual({ ok: true });
    expect(result).toMatchObject({ event: "Job Hook", deliveryId: "idem-1" });
  });

  it("is refused with another token", () => {
    const result = ingest(gitlabSource, target, "Job Hook", jobs[0]?.body, {
      RUNWATCH_GITLAB_TOKEN: "other-token",
    });
    expect(result.verified.ok).toBe(false);
  });
});

describe("buildJobHook", () => {
  it("keeps the template's keys, in order, minus the multi-project pipeline", () => {
    const expected = keysOf(loadJobTemplate()).filter((k) => !DROPPED.includes(k));
    for (const { body } of jobs) expect(keysOf(body)).toEqual(expected);
  });

  it("walks GitLab's statuses, with a manual gate and failure reasons", () => {
    const statuses = new Set(jobs.map((j) => j.body.build_status));
    for (const status of ["pending", "running", "success", "failed", "canceled", "manual", "created"]) {
      expect(statuses, status).toContain(status);
    }
    const reasons = new Set(jobs.map((j) => j.body.build_failure_reason));
    expect(reasons).toContain("script_failure");
    for (const { body } of jobs) {
      expect(body.build_failure_reason === null).toBe(body.build_status !== "failed");
    }
  });

  it("normalises to the job the simulation describes", () => {
    for (const { event, body } of jobs) {
      const [job] = observed(ingest(gitlabSource, target, "Job Hook", body, SECRETS)).jobs;
      expect(job).toMatchObject({
        id: `gitlab:${event.job.id}`,
        source: "gitlab",
        repo: `platform/${event.job.repo.name}`,
        workflow: event.job.stage,
        name: event.job.name,
        runId: String(event.job.runId),
        attempt: event.job.attempt,
        branch: event.job.branch,
        sha: event.job.sha,
      });
      const active = { queued: "queued", waiting: "waiting", in_progress: "running" }[event.action as string];
      expect(job?.status).toBe(active ?? event.job.conclusion);
      if (event.job.runner) {
        expect(job?.runner).toMatchObject({ name: event.job.runner.name, labels: event.job.labels });
      }
      if (job?.status === "failure")
        expect(job.failure?.cause).toMatch(/^(test|build|step_failed|infrastructure)$/);
      if (event.action === "completed" && event.job.startedAt !== null) {
        expect(Date.parse(job?.finishedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(job?.startedAt ?? ""));
      }
    }
  });
});

describe("buildPipelineHook", () => {
  it("keeps the template's keys, in order, minus merge request and upstream pipeline", () => {
    const template = loadPipelineTemplate();
    const expected = keysOf(template).filter((k) => !DROPPED.includes(k));
    for (const { body } of pipelines) {
      expect(keysOf(body)).toEqual(expected);
      // Plus `detailed_status` and `queued_duration`, which real pipelines carry and the docs example lacks.
      const own = keysOf(template.object_attributes);
      expect(keysOf(body.object_attributes).filter((k) => own.includes(k))).toEqual(own);
    }
  });

  it("normalises to a reported run plus its current jobs", () => {
    for (const { event, body } of pipelines) {
      const { runs, jobs: builds } = observed(ingest(gitlabSource, target, "Pipeline Hook", body, SECRETS));
      const [run] = runs;
      expect(run).toMatchObject({
        id: `gitlab:${event.run.id}`,
        repo: `platform/${event.run.repo.name}`,
        workflow: event.run.workflow,
        number: event.run.number,
        trigger: event.run.trigger,
        branch: event.run.branch,
        reported: true,
      });
      const active = { requested: "queued", in_progress: "running" }[event.action as string];
      expect(run?.status).toBe(active ?? event.run.conclusion);
      expect(builds.map((j) => j.id)).toEqual(event.run.jobs.map((j) => `gitlab:${j.id}`));
    }
  });
});
