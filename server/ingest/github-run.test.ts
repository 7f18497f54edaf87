import { describe, expect, it } from "vitest";
import { runIdOf } from "../../lib/run";
import { fixtureJson, fixtureNames } from "../test/helpers";
import { githubSource, normaliseWorkflowJob } from "./github";
import { normaliseWorkflowRun } from "./github-run";
import { PayloadError } from "./source";

type Body = Record<string, unknown>;
const runOf = (body: Body) => body.workflow_run as Body;

/** The same run as `workflow_run.completed.2.json`, re-run: a second attempt, days later. */
const rerun = (changes: Body) => {
  const body = fixtureJson("github/workflow_run.completed.2.json");
  Object.assign(runOf(body), changes);
  return body;
};

describe("normaliseWorkflowRun on every real workflow_run fixture", () => {
  const names = fixtureNames("github", "workflow_run.");

  it("finds the fixtures", () => {
    expect(names).toHaveLength(5);
  });

  it.each(names)("%s keeps the run's identity", (name) => {
    const body = fixtureJson(`github/${name}`);
    const run = normaliseWorkflowRun(body);
    expect(run.id).toBe(`github:${String(runOf(body).id)}`);
    expect(run.runId).toBe(String(runOf(body).id));
    expect(run.reported).toBe(true);
    expect(run.source).toBe("github");
  });

  it("maps the docs example by its status, not its action (action completed, status queued)", () => {
    expect(normaliseWorkflowRun(fixtureJson("github/workflow_run.completed.1.json"))).toEqual({
      id: "github:1589141559",
      source: "github",
      repo: "Codertocat/Hello-World",
      workflow: "Manually triggered workflow",
      runId: "1589141559",
      number: 36,
      attempt: 1,
      trigger: "workflow_dispatch",
      branch: "main",
      sha: "5779607b49aab1200488439f02372c57b4f75444",
      status: "queued",
      queuedAt: "2021-12-16T19:37:22Z",
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      url: "https://github.com/octo-org/octo-repo/actions/runs/1589141559",
      reported: true,
    });
  });

  it.each(["workflow_run.completed.2.json", "workflow_run.completed.3.json"])(
    "maps the completed run %s, named by its path when it has no name",
    (name) => {
      expect(normaliseWorkflowRun(fixtureJson(`github/${name}`))).toEqual({
        id: "github:289782451",
        source: "github",
        repo: "octo-org/octo-repo",
        workflow: ".github/workflows/test.yml",
        runId: "289782451",
        number: 163,
        attempt: 1,
        trigger: "repository_dispatch",
        branch: "master",
        sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
        status: "success",
        queuedAt: "2020-10-05T16:33:24Z",
        startedAt: "2020-10-05T16:33:49Z",
        finishedAt: "2020-10-05T16:33:49Z",
        durationMs: 0,
        url: "https://github.com/octo-org/octo-repo/actions/runs/289782451",
        reported: true,
      });
    },
  );

  it("does not claim a requested run started (GitHub fills run_started_at in advance)", () => {
    const run = normaliseWorkflowRun(fixtureJson("github/workflow_run.requested.1.json"));
    expect(run).toMatchObject({
      status: "queued",
      queuedAt: "2020-10-05T16:33:24Z",
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    });
  });

  it("maps a run awaiting approval (completed / action_required) to neutral: it never started, so it decided nothing", () => {
    const run = normaliseWorkflowRun(fixtureJson("github/workflow_run.requested.2.json"));
    expect(run).toMatchObject({
      status: "neutral",
      startedAt: null,
      finishedAt: "2020-10-05T16:33:24Z",
      durationMs: null,
    });
  });
});

describe("normaliseWorkflowRun times", () => {
  it("counts an in-progress run as started at run_started_at", () => {
    const run = normaliseWorkflowRun(
      rerun({ status: "in_progress", conclusion: null, updated_at: "2020-10-05T16:34:10Z" }),
    );
    expect(run).toMatchObject({
      status: "running",
      startedAt: "2020-10-05T16:33:49Z",
      finishedAt: null,
      durationMs: null,
    });
  });

  it("takes a re-run attempt's queue time from run_started_at, not the first attempt's created_at", () => {
    const run = normaliseWorkflowRun(
      rerun({
        run_attempt: 2,
        run_started_at: "2020-10-07T09:00:00Z",
        updated_at: "2020-10-07T09:05:30Z",
        conclusion: "failure",
      }),
    );
    expect(run).toMatchObject({
      attempt: 2,
      status: "failure",
      queuedAt: "2020-10-07T09:00:00Z",
      startedAt: "2020-10-07T09:00:00Z",
      finishedAt: "2020-10-07T09:05:30Z",
      durationMs: 330_000,
    });
  });

  it.each([
    ["timed_out", "timed_out"],
    ["cancelled", "cancelled"],
    ["startup_failure", "failure"],
  ] as const)("maps conclusion %s to %s", (conclusion, status) => {
    const run = normaliseWorkflowRun(rerun({ conclusion }));
    expect(run.status).toBe(status);
    expect(run.startedAt).toBe(conclusion === "startup_failure" ? null : "2020-10-05T16:33:49Z");
  });

  it("defaults a missing attempt to 1 and a missing name and path to an empty workflow", () => {
    const run = normaliseWorkflowRun(rerun({ run_attempt: undefined, name: null, path: undefined }));
    expect(run).toMatchObject({ attempt: 1, workflow: "" });
  });
});

describe("githubSource with workflow_run", () => {
  it("reports the run, and no job", () => {
    const body = fixtureJson("github/workflow_run.completed.2.json");
    expect(githubSource.normalise("workflow_run", body)).toEqual({
      kind: "data",
      observations: { jobs: [], runs: [normaliseWorkflowRun(body)], agents: [] },
    });
  });

  it("gives the run the id its workflow_job events point to", () => {
    const jobBody = fixtureJson("github/workflow_job.completed.2.json");
    const job = normaliseWorkflowJob(jobBody);
    const run = normaliseWorkflowRun(rerun({ id: (jobBody.workflow_job as Body).run_id }));
    expect(run.id).toBe(runIdOf(job));
    expect(run.runId).toBe(job.runId);
  });

  it.each([
    ["workflow_run", (b: Body) => delete b.workflow_run],
    ["workflow_run.id", (b: Body) => (runOf(b).id = "289782451")],
    ["workflow_run.status", (b: Body) => delete runOf(b).status],
    ["workflow_run.run_attempt", (b: Body) => (runOf(b).run_attempt = 0)],
    ["workflow_run.updated_at", (b: Body) => (runOf(b).updated_at = "later")],
    ["repository.full_name", (b: Body) => delete (b.repository as Body).full_name],
  ])("names the bad field %s", (field, mutate) => {
    const body = fixtureJson("github/workflow_run.completed.2.json");
    mutate(body);
    try {
      githubSource.normalise("workflow_run", body);
      expect.unreachable("normalise should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(PayloadError);
      expect((error as PayloadError).field).toBe(field);
      expect((error as PayloadError).message).toContain(field);
    }
  });
});
