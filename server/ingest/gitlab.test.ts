import { describe, expect, it } from "vitest";
import { FAILURE_CAUSES } from "../domain/failure";
import { fixtureJson, fixtureNames } from "../test/helpers";
import { gitlabSource, normaliseJobHook, normalisePipelineHook } from "./gitlab";
import { parseGitlabTime, projectPathFromUrl } from "./gitlab-payload";
import { gitlabFailureHint, gitlabStatus } from "./gitlab-status";
import { PayloadError } from "./source";

type Body = Record<string, unknown>;
const jobCreated = () => fixtureJson("gitlab/job.created.json");
const jobSuccess = () => fixtureJson("gitlab/job.success.json");
const pipelineSuccess = () => fixtureJson("gitlab/pipeline.success.json");

const EVENTS: Record<string, string> = { job: "Job Hook", pipeline: "Pipeline Hook" };

const data = (event: string, body: Body) => {
  const result = gitlabSource.normalise(event, body);
  if (result.kind !== "data") throw new Error(`expected data, got ${result.kind}`);
  return result.observations;
};

/** Runs `fn` and returns the PayloadError it throws. */
function payloadError(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  return expect.unreachable("expected a PayloadError");
}

describe("every GitLab fixture", () => {
  const names = fixtureNames("gitlab", "");

  it("finds the fixtures", () => {
    expect(names).toEqual(["job.created.json", "job.success.json", "pipeline.success.json"]);
  });

  it.each(names)("%s normalises to gitlab jobs with ISO times", (name) => {
    const event = EVENTS[name.split(".")[0] ?? ""] ?? "";
    const { jobs, runs, agents } = data(event, fixtureJson(`gitlab/${name}`));
    expect(agents).toEqual([]);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of [...jobs, ...runs]) {
      expect(job.id).toMatch(/^gitlab:\d+$/);
      expect(job.source).toBe("gitlab");
      for (const at of [job.queuedAt, job.startedAt, job.finishedAt])
        if (at !== null) expect(new Date(at).toISOString()).toBe(at);
    }
    for (const run of runs) expect(jobs.filter((job) => job.runId !== run.runId)).toEqual([]);
  });
});

describe("Job Hook", () => {
  it("maps the docs example (a created job, retried twice)", () => {
    expect(normaliseJobHook(jobCreated())).toEqual({
      id: "gitlab:1977",
      // The 2023 capture sends no username: the display name stands in.
      author: "User",
      source: "gitlab",
      repo: "gitlab-org/gitlab-test",
      workflow: "test",
      name: "test",
      runId: "2366",
      attempt: 3,
      branch: "gitlab-script-trigger",
      sha: "2293ada6b400935a1378653304eaf6221e0fdb8f",
      status: "queued",
      queuedAt: "2021-02-23T02:41:37.886Z",
      startedAt: null,
      finishedAt: null,
      queueMs: null,
      durationMs: null,
      runner: {
        id: "380987",
        name: "shared-runners-manager-6.gitlab.com",
        group: "project_type",
        labels: ["linux", "docker"],
      },
      url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/1977",
      // build_failure_reason "script_failure" on a job that has not failed is ignored.
      failure: null,
      steps: [],
    });
  });

  it("maps the gitlab.com capture: no `project`, Ruby times, sha not commit.id, success despite unknown_failure", () => {
    const job = normaliseJobHook(jobSuccess());
    expect(job).toMatchObject({
      id: "gitlab:3580121225",
      repo: "jsmithy2/release-tools-fake",
      workflow: "coordinated:tag",
      name: "auto_deploy:start",
      runId: "743121198",
      attempt: 2,
      branch: "main",
      sha: "95d49d1efbd941908580e79d65e4b5ecaf4a8305",
      status: "success",
      queuedAt: "2023-01-10T13:50:02.000Z",
      startedAt: "2023-01-10T13:50:05.000Z",
      finishedAt: "2023-01-10T13:50:54.000Z",
      runner: {
        id: "12270837",
        name: "4-blue.shared.runners-manager.gitlab.com/default",
        group: "instance_type",
        labels: ["linux", "docker"],
      },
      url: "https://gitlab.com/jsmithy2/release-tools-fake/-/jobs/3580121225",
      failure: null,
      steps: [],
    });
    // The timestamps agree with GitLab's own durations (49.5 s run, 0.19 s queued after creation's 3 s).
    expect(Date.parse(job.finishedAt ?? "") - Date.parse(job.startedAt ?? "")).toBe(49_000);
  });

  it("derives queuedAt from build_queued_duration and startedAt from build_duration when missing", () => {
    const body = jobSuccess();
    delete body.build_created_at;
    delete body.build_started_at;
    // finished 13:50:54 − 49.503592 s; then − 0.193009 s queued.
    expect(normaliseJobHook(body)).toMatchObject({
      startedAt: "2023-01-10T13:50:04.496Z",
      queuedAt: "2023-01-10T13:50:04.303Z",
    });
  });

  it("keeps finishedAt only for finished jobs and startedAt only for started ones", () => {
    const running = { ...jobSuccess(), build_status: "running" };
    expect(normaliseJobHook(running)).toMatchObject({
      status: "running",
      startedAt: "2023-01-10T13:50:05.000Z",
      finishedAt: null,
    });
    const pending = { ...jobSuccess(), build_status: "pending" };
    expect(normaliseJobHook(pending)).toMatchObject({ status: "queued", startedAt: null, finishedAt: null });
    const canceling = { ...jobSuccess(), build_status: "canceling", build_finished_at: null };
    expect(normaliseJobHook(canceling)).toMatchObject({
      status: "cancelled",
      startedAt: "2023-01-10T13:50:05.000Z",
      finishedAt: null,
      failure: { cause: "cancelled", step: null, reason: "unknown_failure" },
    });
  });

  it("keeps the ref of a tag pipeline as the branch", () => {
    expect(normaliseJobHook({ ...jobSuccess(), tag: true, ref: "v1.2.0" }).branch).toBe("v1.2.0");
  });

  it("reads the project path from the web URL when there is no SSH URL, and a runner without description", () => {
    const body = jobSuccess();
    body.repository = {
      name: "release-tools-fake",
      homepage: "https://gitlab.com/jsmithy2/release-tools-fake",
    };
    body.runner = { id: 7, description: "", runner_type: null, tags: null };
    expect(normaliseJobHook(body)).toMatchObject({
      repo: "jsmithy2/release-tools-fake",
      runner: { id: "7", name: "#7", group: null, labels: [] },
    });
  });

  it("links only to http(s) URLs", () => {
    const body = jobCreated();
    (body.project as Body).web_url = "javascript:alert(1)";
    delete body.repository;
    expect(normaliseJobHook(body).url).toBeNull();
  });

  it.each([
    ["build_id", (b: Body) => delete b.build_id],
    ["build_id", (b: Body) => (b.build_id = "1977")],
    ["build_name", (b: Body) => (b.build_name = 42)],
    ["build_status", (b: Body) => delete b.build_status],
    ["pipeline_id", (b: Body) => delete b.pipeline_id],
    ["build_started_at", (b: Body) => (b.build_started_at = "yesterday")],
    ["build_created_at", (b: Body) => (b.build_created_at = "2021-02-30 10:00:00 UTC")],
    ["retries_count", (b: Body) => (b.retries_count = -1)],
    ["retries_count", (b: Body) => (b.retries_count = Number.MAX_SAFE_INTEGER)],
    ["runner.tags.0", (b: Body) => ((b.runner as Body).tags = [1])],
    ["project.path_with_namespace", (b: Body) => delete (b.project as Body).path_with_namespace],
    [
      "project.path_with_namespace",
      (b: Body) => {
        delete b.project;
        delete b.repository;
      },
    ],
    ["object_kind", (b: Body) => (b.object_kind = "pipeline")],
    ["object_kind", (b: Body) => delete b.object_kind],
  ])("names the bad field %s", (field, mutate) => {
    const body = jobCreated();
    mutate(body);
    const error = payloadError(() => gitlabSource.normalise("Job Hook", body));
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "survives %j as a status and as a failure reason",
    (value) => {
      expect(normaliseJobHook({ ...jobSuccess(), build_status: value }).status).toBe("queued");
      const failed = normaliseJobHook({
        ...jobSuccess(),
        build_status: "failed",
        build_failure_reason: value,
      });
      expect(failed.failure).toEqual({ cause: "unknown", step: null, reason: value });
    },
  );
});

describe("gitlabStatus", () => {
  it.each([
    ["created", "queued"],
    ["waiting_for_resource", "waiting"],
    ["preparing", "queued"],
    ["waiting_for_callback", "waiting"],
    ["pending", "queued"],
    ["running", "running"],
    ["success", "success"],
    ["failed", "failure"],
    ["canceling", "cancelled"],
    ["canceled", "cancelled"],
    ["skipped", "skipped"],
    ["manual", "waiting"],
    ["scheduled", "waiting"],
    ["something_new", "queued"],
    ["", "queued"],
    ["constructor", "queued"],
    ["__proto__", "queued"],
  ] as const)("%j → %s", (status, expected) => {
    expect(gitlabStatus(status)).toBe(expected);
    // build_status must be non-empty; every other value reaches the same table.
    if (status !== "")
      expect(normaliseJobHook({ ...jobSuccess(), build_status: status }).status).toBe(expected);
  });

  it("turns failures with a timeout reason into timed_out, and only failures", () => {
    expect(gitlabStatus("failed", "job_execution_timeout")).toBe("timed_out");
    expect(gitlabStatus("failed", "stuck_or_timeout_failure")).toBe("timed_out");
    expect(gitlabStatus("failed", "script_failure")).toBe("failure");
    expect(gitlabStatus("success", "job_execution_timeout")).toBe("success");
    expect(gitlabStatus("canceled", "job_execution_timeout")).toBe("cancelled");
  });
});

describe("failure classification from build_failure_reason", () => {
  const failed = (reason: string | null, extra: Body = {}) =>
    normaliseJobHook({ ...jobSuccess(), build_status: "failed", build_failure_reason: reason, ...extra });

  it.each([
    ["script_failure", "failure", "step_failed", "coordinated:tag"],
    ["job_execution_timeout", "timed_out", "timeout", null],
    ["stuck_or_timeout_failure", "timed_out", "timeout", null],
    ["runner_system_failure", "failure", "infrastructure", null],
    ["api_failure", "failure", "infrastructure", null],
    ["scheduler_failure", "failure", "infrastructure", null],
    ["data_integrity_failure", "failure", "infrastructure", null],
    ["runner_unsupported", "failure", "infrastructure", null],
    ["missing_dependency_failure", "failure", "dependency", null],
    ["no_matching_runner", "failure", "no_runner", null],
    ["ci_quota_exceeded", "failure", "no_runner", null],
    ["unmet_prerequisites", "failure", "startup_failure", null],
    ["archived_failure", "failure", "startup_failure", null],
    ["stale_schedule", "failure", "startup_failure", null],
    ["user_blocked", "failure", "startup_failure", null],
    ["protected_environment_failure", "failure", "startup_failure", null],
    ["unknown_failure", "failure", "unknown", null],
    ["trace_size_exceeded", "failure", "unknown", null],
    ["a_reason_from_gitlab_20", "failure", "unknown", null],
  ] as const)("%s → %s / %s", (reason, status, cause, step) => {
    const job = failed(reason);
    expect(job.status).toBe(status);
    expect(job.failure).toEqual({ cause, step, reason });
  });

  it("uses only known cause codes", () => {
    for (const reason of ["script_failure", "api_failure", "no_matching_runner", "archived_failure", "x"]) {
      const hint = gitlabFailureHint(reason);
      if (hint !== undefined) expect(FAILURE_CAUSES).toContain(hint);
    }
    expect(gitlabFailureHint(null)).toBeUndefined();
  });

  it("classifies a failure with no reason as unknown, without a reason field", () => {
    expect(failed(null).failure).toEqual({ cause: "unknown", step: null });
  });

  it("keeps a failure that was allowed to fail a failure (GitLab marks it, the job still failed)", () => {
    expect(failed("script_failure", { build_allow_failure: true })).toMatchObject({
      status: "failure",
      failure: { cause: "step_failed", step: "coordinated:tag", reason: "script_failure" },
    });
  });

  it("pins a script failure to no step when the job has no stage", () => {
    expect(failed("script_failure", { build_stage: null }).failure).toEqual({
      cause: "step_failed",
      step: null,
      reason: "script_failure",
    });
  });

  it("gives cancelled and skipped jobs the right failure (or none)", () => {
    expect(normaliseJobHook({ ...jobSuccess(), build_status: "canceled" }).failure?.cause).toBe("cancelled");
    expect(normaliseJobHook({ ...jobSuccess(), build_status: "skipped" }).failure).toBeNull();
  });
});

describe("Pipeline Hook", () => {
  it("maps the docs example's pipeline to a reported run", () => {
    const { runs } = normalisePipelineHook(pipelineSuccess());
    expect(runs).toEqual([
      {
        id: "gitlab:31",
        source: "gitlab",
        repo: "gitlab-org/gitlab-test",
        workflow: "Pipeline for branch: master",
        runId: "31",
        number: 3,
        attempt: 1,
        trigger: "merge_request_event",
        branch: "master",
        sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
        status: "success",
        queuedAt: "2016-08-12T15:23:28.000Z",
        // The hook has no started_at: the first job's start (build-image).
        startedAt: "2016-08-12T15:24:56.000Z",
        finishedAt: "2016-08-12T15:26:29.000Z",
        durationMs: null,
        url: "http://example.com/gitlab-org/gitlab-test/-/pipelines/31",
        reported: true,
      },
    ]);
  });

  it("maps each entry of builds[] to a partial job of the run", () => {
    const { jobs } = normalisePipelineHook(pipelineSuccess());
    expect(jobs.map((j) => [j.id, j.name, j.workflow, j.status])).toEqual([
      ["gitlab:380", "production", "deploy", "skipped"],
      ["gitlab:377", "test-image", "test", "success"],
      ["gitlab:378", "test-build", "test", "failure"],
      ["gitlab:376", "build-image", "build", "success"],
      ["gitlab:379", "staging", "deploy", "queued"],
    ]);
    expect(jobs.find((j) => j.id === "gitlab:378")).toEqual({
      id: "gitlab:378",
      author: "root",
      source: "gitlab",
      repo: "gitlab-org/gitlab-test",
      workflow: "test",
      name: "test-build",
      runId: "31",
      attempt: 1,
      branch: "master",
      sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
      status: "failure",
      queuedAt: "2016-08-12T15:23:28.000Z",
      startedAt: "2016-08-12T15:26:12.000Z",
      finishedAt: "2016-08-12T15:26:29.000Z",
      queueMs: null,
      durationMs: null,
      runner: {
        id: "380987",
        name: "shared-runners-manager-6.gitlab.com",
        group: "instance_type",
        labels: ["linux", "docker"],
      },
      url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/378",
      // A script failure in the "test" stage: a test failure, pinned to the stage.
      failure: { cause: "test", step: "test", reason: "script_failure" },
      steps: [],
    });
    expect(jobs.find((j) => j.id === "gitlab:377")?.runner.labels).toEqual([
      "linux",
      "docker",
      "shared-runner",
    ]);
    expect(jobs.find((j) => j.id === "gitlab:380")).toMatchObject({
      startedAt: null,
      finishedAt: null,
      runner: { id: null, name: null, group: null, labels: [] },
      failure: null,
    });
  });

  it("falls back to the project URL, an empty workflow and no number when the pipeline omits them", () => {
    const body = pipelineSuccess();
    const attributes = body.object_attributes as Body;
    delete attributes.url;
    delete attributes.name;
    delete attributes.iid;
    attributes.status = "running";
    body.builds = [];
    expect(normalisePipelineHook(body).runs[0]).toMatchObject({
      workflow: "",
      number: null,
      status: "running",
      startedAt: null,
      finishedAt: null,
      url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31",
    });
  });

  it.each([
    ["object_attributes.id", (b: Body) => delete (b.object_attributes as Body).id],
    ["object_attributes.status", (b: Body) => ((b.object_attributes as Body).status = 1)],
    ["object_attributes.created_at", (b: Body) => ((b.object_attributes as Body).created_at = "noon")],
    ["project", (b: Body) => delete b.project],
    ["builds.1.name", (b: Body) => delete ((b.builds as Body[])[1] as Body).name],
    ["builds.2.started_at", (b: Body) => (((b.builds as Body[])[2] as Body).started_at = "later")],
    ["object_kind", (b: Body) => (b.object_kind = "build")],
  ])("names the bad field %s", (field, mutate) => {
    const body = pipelineSuccess();
    mutate(body);
    const error = payloadError(() => gitlabSource.normalise("Pipeline Hook", body));
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });
});

describe("parseGitlabTime", () => {
  it.each([
    ["2021-02-23 02:41:37 UTC", "2021-02-23T02:41:37.000Z"],
    ["2021-02-23 02:41:37 utc", "2021-02-23T02:41:37.000Z"],
    ["2021-02-23T02:41:37Z", "2021-02-23T02:41:37.000Z"],
    ["2021-02-23T02:41:37.886Z", "2021-02-23T02:41:37.886Z"],
    ["2021-02-23T02:41:37.886123Z", "2021-02-23T02:41:37.886Z"],
    ["2021-02-23T02:41:37.5Z", "2021-02-23T02:41:37.500Z"],
    ["2016-08-12T17:23:21+02:00", "2016-08-12T15:23:21.000Z"],
    ["2016-08-12 17:23:21 +0200", "2016-08-12T15:23:21.000Z"],
    ["2016-08-12 01:23:21 -0530", "2016-08-12T06:53:21.000Z"],
    ["2024-02-29 23:59:59 UTC", "2024-02-29T23:59:59.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(parseGitlabTime(input)).toBe(expected);
  });

  it.each([
    "",
    "yesterday",
    "2021-02-23",
    "2021-02-23 02:41:37",
    "2021-02-30 02:41:37 UTC",
    "2023-02-29 02:41:37 UTC",
    "2021-13-01 02:41:37 UTC",
    "2021-02-23 24:00:00 UTC",
    "2021-02-23 02:60:00 UTC",
    "2021-02-23 02:41:60 UTC",
    "2021-02-23 02:41:37 +2500",
    "2021-02-23 02:41:37 CET",
    "0021-02-23 02:41:37 UTC",
    "1614048097",
  ])("rejects %j", (input) => {
    expect(parseGitlabTime(input)).toBeNull();
  });
});

describe("projectPathFromUrl", () => {
  it.each([
    ["git@gitlab.com:jsmithy2/release-tools-fake.git", "jsmithy2/release-tools-fake"],
    ["ssh://git@gitlab.example.com:2222/group/sub/project.git", "group/sub/project"],
    ["https://gitlab.com/jsmithy2/release-tools-fake", "jsmithy2/release-tools-fake"],
    ["https://gitlab.com/jsmithy2/release-tools-fake/", "jsmithy2/release-tools-fake"],
    ["https://gitlab.com/", null],
    ["not a url", null],
    ["", null],
  ])("%j → %j", (url, expected) => {
    expect(projectPathFromUrl(url)).toBe(expected);
  });
});

describe("gitlabSource.identify and normalise", () => {
  const identify = (headers: Record<string, string | undefined>) =>
    gitlabSource.identify({ headers, rawBody: Buffer.alloc(0) }, jobSuccess());

  it("dedupes on Idempotency-Key, else webhook-id, else the body hash (null); never the per-send UUID", () => {
    const uuid = { "x-gitlab-webhook-uuid": "changes-every-send", "x-gitlab-event-uuid": "event-uuid" };
    expect(
      identify({ "x-gitlab-event": "Job Hook", "idempotency-key": "k-1", "webhook-id": "k-1", ...uuid }),
    ).toEqual({ event: "Job Hook", deliveryId: "k-1" });
    expect(identify({ "x-gitlab-event": "Job Hook", "idempotency-key": "k-2" }).deliveryId).toBe("k-2");
    expect(identify({ "x-gitlab-event": "Job Hook", "webhook-id": "w-3", ...uuid }).deliveryId).toBe("w-3");
    expect(
      identify({ "x-gitlab-event": "Job Hook", "idempotency-key": "", "webhook-id": "w-4" }).deliveryId,
    ).toBe("w-4");
    expect(identify({ "x-gitlab-event": "Pipeline Hook", ...uuid })).toEqual({
      event: "Pipeline Hook",
      deliveryId: null,
    });
  });

  it("requires X-Gitlab-Event", () => {
    for (const event of [undefined, ""]) {
      const error = payloadError(() => identify({ "x-gitlab-event": event, "idempotency-key": "k" }));
      expect(error.field).toBe("X-Gitlab-Event");
    }
  });

  it("ignores other events, whatever their body", () => {
    expect(gitlabSource.normalise("Push Hook", { object_kind: "push" })).toEqual({ kind: "ignored" });
    expect(gitlabSource.normalise("Deployment Hook", {})).toEqual({ kind: "ignored" });
    expect(gitlabSource.normalise("job hook", jobSuccess())).toEqual({ kind: "ignored" });
  });

  it("reads a Job Hook into one job and a Pipeline Hook into a run and its jobs", () => {
    expect(data("Job Hook", jobSuccess())).toMatchObject({
      runs: [],
      agents: [],
      jobs: [{ id: "gitlab:3580121225" }],
    });
    const pipeline = data("Pipeline Hook", pipelineSuccess());
    expect(pipeline.runs.map((r) => r.id)).toEqual(["gitlab:31"]);
    expect(pipeline.jobs).toHaveLength(5);
  });
});
