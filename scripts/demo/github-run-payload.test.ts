import { describe, expect, it } from "vitest";
import { githubSource } from "../../server/ingest/github";
import { GITHUB_CATALOG } from "./catalogs/github";
import { githubTarget } from "./github-payload";
import { buildWorkflowRunPayload, loadRunTemplate, workflowPath } from "./github-run-payload";
import { EPOCH, ingest, liveOf, observed, runEvents } from "./test-support";

const SECRETS = { RUNWATCH_GITHUB_SECRET: "s3cret-value" };
const target = githubTarget("http://runwatch.test", SECRETS.RUNWATCH_GITHUB_SECRET);
const runs = runEvents(liveOf(GITHUB_CATALOG, 12, 4)).map((e) => ({
  event: e,
  payload: buildWorkflowRunPayload(e.run, e.action, EPOCH),
}));

describe("buildWorkflowRunPayload", () => {
  it("covers requested, in_progress and completed, and re-run attempts", () => {
    const actions = new Set(runs.map((r) => r.payload.action));
    expect([...actions].sort()).toEqual(["completed", "in_progress", "requested"]);
    expect(runs.some((r) => r.payload.workflow_run.run_attempt > 1)).toBe(true);
  });

  it("keeps the template's shape: every key, in the same order", () => {
    const template = loadRunTemplate();
    for (const { payload } of runs) {
      expect(Object.keys(payload)).toEqual(Object.keys(template));
      expect(Object.keys(payload.workflow_run)).toEqual(Object.keys(template.workflow_run));
      expect(Object.keys(payload.workflow)).toEqual(Object.keys(template.workflow));
    }
  });

  it("leaves nothing of the template's example organisation behind", () => {
    for (const { payload } of runs.slice(0, 50)) {
      const text = JSON.stringify(payload);
      for (const leftover of ["Codertocat", "octo-org", "octo-repo", "289782451"]) {
        const at = text.indexOf(leftover);
        expect(at < 0 ? null : text.slice(Math.max(0, at - 80), at + 20), leftover).toBeNull();
      }
    }
  });

  it("describes the run consistently at each stage", () => {
    for (const { event, payload } of runs) {
      const wr = payload.workflow_run;
      expect(wr.id).toBe(event.run.id);
      expect(wr.name).toBe(event.run.workflow);
      expect(wr.path).toBe(workflowPath(event.run.workflow));
      expect(payload.workflow).toMatchObject({ id: wr.workflow_id, name: wr.name, path: wr.path });
      expect(wr.status).toBe(
        { requested: "queued", in_progress: "in_progress", completed: "completed" }[event.action],
      );
      expect(wr.conclusion).toBe(event.action === "completed" ? event.run.conclusion : null);
      expect(wr.previous_attempt_url === null).toBe(wr.run_attempt === 1);
      expect(Date.parse(wr.updated_at)).toBeGreaterThanOrEqual(Date.parse(wr.run_started_at));
      expect(Date.parse(wr.run_started_at)).toBeGreaterThanOrEqual(Date.parse(wr.created_at));
      expect(payload.repository.full_name).toBe(`acme/${event.run.repo.name}`);
    }
  });

  it("is accepted by the server's GitHub adapter as a reported run with the jobs' run id", () => {
    for (const { event, payload } of runs) {
      const result = ingest(githubSource, target, "workflow_run", payload, SECRETS);
      expect(result.verified).toEqual({ ok: true });
      const [run] = observed(result).runs;
      expect(run).toMatchObject({
        id: `github:${event.run.id}`,
        runId: String(event.run.id),
        repo: `acme/${event.run.repo.name}`,
        workflow: event.run.workflow,
        number: event.run.number,
        attempt: event.run.attempt,
        trigger: event.run.trigger,
        reported: true,
      });
      const expected = { requested: "queued", in_progress: "running" }[event.action as string];
      expect(run?.status).toBe(expected ?? event.run.conclusion);
      if (event.action === "completed") expect(run?.finishedAt).not.toBeNull();
    }
  });
});
