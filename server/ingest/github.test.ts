import { describe, expect, it } from "vitest";
import { fixtureJson, fixtureNames } from "../test/helpers";
import { githubSource, githubStatus, normaliseWorkflowJob } from "./github";
import { PayloadError } from "./source";

const request = (event: string | undefined, delivery = "d-1") => ({
  headers: { "x-github-event": event, "x-github-delivery": delivery },
  rawBody: Buffer.alloc(0),
  now: 0,
  toleranceMs: 300_000,
});

const parse = (event: string | undefined, body: Record<string, unknown>, delivery = "d-1") => {
  const identity = githubSource.identify(request(event, delivery), body);
  return { ...identity, ...githubSource.normalise(identity.event, body) };
};

describe("normaliseWorkflowJob on every real workflow_job fixture", () => {
  // Expected values read by hand from each fixture (id, repository, name, run, attempt, status, labels, steps).
  const EXPECTED = [
    {
      fixture: "workflow_job.completed.1.json",
      id: "github:289782451",
      repo: "Codertocat/Hello-World",
      name: "linters",
      runId: "2202229078",
      attempt: 1,
      status: "failure",
      url: "https://github.com/octo-org/octo-repo/runs/1291536064",
      labels: ["ubuntu-latest"],
      steps: 12,
    },
    {
      fixture: "workflow_job.completed.2.json",
      id: "github:289782451",
      repo: "Codertocat/Hello-World",
      name: "linters",
      runId: "2202229078",
      attempt: 1,
      status: "success",
      url: "https://github.com/octo-org/octo-repo/runs/1291536064",
      labels: ["ubuntu-latest"],
      steps: 8,
    },
    {
      fixture: "workflow_job.in_progress.1.json",
      id: "github:2832853555",
      repo: "octo-org/example-workflow",
      name: "Test workflow",
      runId: "940463255",
      // run_attempt is null in the docs example: the first attempt.
      attempt: 1,
      status: "running",
      url: "https://github.com/octo-org/example-workflow/runs/2832853555",
      labels: ["gpu", "db-app", "dc-03"],
      steps: 1,
    },
    {
      fixture: "workflow_job.in_progress.2.json",
      id: "github:289782451",
      repo: "Codertocat/Hello-World",
      name: "Analyze (javascript)",
      runId: "2202229078",
      attempt: 1,
      status: "running",
      url: "https://github.com/octo-org/octo-repo/runs/1291536064",
      labels: ["ubuntu-latest"],
      steps: 1,
    },
    {
      fixture: "workflow_job.in_progress.3.json",
      id: "github:14541957942",
      repo: "wolfy1339/github-events-schemas",
      name: "Do examples need to be regenerated?",
      runId: "5373506832",
      attempt: 1,
      status: "running",
      url: "https://github.com/wolfy1339/github-events-schemas/actions/runs/5373506832/jobs/9747952373",
      labels: ["ubuntu-latest"],
      steps: 9,
    },
    {
      fixture: "workflow_job.queued.1.json",
      id: "github:289782451",
      repo: "Codertocat/Hello-World",
      name: "update",
      runId: "2202229078",
      attempt: 1,
      status: "queued",
      url: "https://github.com/octo-org/octo-repo/runs/1291536064",
      labels: ["ubuntu-latest"],
      steps: 0,
    },
    {
      fixture: "workflow_job.queued.2.json",
      id: "github:12877621891",
      repo: "lineville/elastic-machines-testing",
      name: "test",
      runId: "4747967848",
      attempt: 1,
      status: "waiting",
      url: "https://github.com/lineville/elastic-machines-testing/actions/runs/4747967848/jobs/8433573014",
      labels: ["self-hosted", "k8s"],
      steps: 0,
    },
    {
      fixture: "workflow_job.waiting.json",
      id: "github:12877621891",
      repo: "lineville/elastic-machines-testing",
      name: "test",
      runId: "4747967848",
      attempt: 1,
      status: "waiting",
      url: "https://github.com/lineville/elastic-machines-testing/actions/runs/4747967848/jobs/8433573014",
      labels: ["self-hosted", "k8s"],
      steps: 0,
    },
  ];

  it("covers every workflow_job fixture", () => {
    expect(fixtureNames("github", "workflow_job.")).toEqual(EXPECTED.map((e) => e.fixture));
  });

  it.each(EXPECTED)("$fixture", ({ fixture, steps, labels, ...expected }) => {
    const job = normaliseWorkflowJob(fixtureJson(`github/${fixture}`));
    expect(job).toMatchObject({ ...expected, source: "github" });
    expect(job.runner.labels).toEqual(labels);
    expect(job.steps).toHaveLength(steps);
  });

  it("maps a queued job without claiming it started (GitHub copies created_at into started_at)", () => {
    const job = normaliseWorkflowJob(fixtureJson("github/workflow_job.queued.1.json"));
    expect(job).toMatchObject({
      status: "queued",
      queuedAt: "2021-09-13T02:21:13Z",
      startedAt: null,
      finishedAt: null,
      failure: null,
      runner: { name: "GitHub Actions 5", group: "GitHub Actions", labels: ["ubuntu-latest"] },
    });
  });

  it("maps a job gated by an environment to waiting", () => {
    expect(normaliseWorkflowJob(fixtureJson("github/workflow_job.queued.2.json")).status).toBe("waiting");
    expect(normaliseWorkflowJob(fixtureJson("github/workflow_job.waiting.json")).status).toBe("waiting");
  });

  it("maps an in-progress job with missing optional fields (GitHub docs example)", () => {
    const job = normaliseWorkflowJob(fixtureJson("github/workflow_job.in_progress.1.json"));
    expect(job).toMatchObject({
      status: "running",
      workflow: "",
      branch: null,
      attempt: 1,
      queuedAt: null,
      startedAt: "2021-06-15T19:22:27Z",
      runner: { name: "my runner", group: "my runner group", labels: ["gpu", "db-app", "dc-03"] },
    });
  });

  it("maps a failed job with its failing step and times", () => {
    const job = normaliseWorkflowJob(fixtureJson("github/workflow_job.completed.1.json"));
    expect(job).toMatchObject({
      status: "failure",
      queuedAt: "2021-08-05T10:33:58Z",
      startedAt: "2021-08-05T10:34:58Z",
      finishedAt: "2021-08-05T10:38:16Z",
      // "Run yarn run format-check": a check of the code, classified as a test failure.
      failure: { cause: "test", step: "Run yarn run format-check" },
    });
  });

  it("does not count queue time as run time for a job cancelled before a runner took it", () => {
    const body = fixtureJson("github/workflow_job.queued.2.json");
    Object.assign(body.workflow_job as Record<string, unknown>, {
      status: "completed",
      conclusion: "cancelled",
      completed_at: "2023-04-19T21:20:00Z",
    });
    const job = normaliseWorkflowJob(body);
    expect(job).toMatchObject({ status: "cancelled", startedAt: null, finishedAt: "2023-04-19T21:20:00Z" });
  });

  it("maps a successful job", () => {
    const job = normaliseWorkflowJob(fixtureJson("github/workflow_job.completed.2.json"));
    expect(job.status).toBe("success");
    expect(job.failure).toBeNull();
    expect(job.steps.map((s) => s.status)).toEqual(Array.from({ length: 8 }, () => "success"));
  });
});

describe("githubStatus", () => {
  it.each([
    ["queued", null, "queued"],
    ["requested", null, "queued"],
    ["pending", null, "queued"],
    ["waiting", null, "waiting"],
    ["in_progress", null, "running"],
    ["completed", "success", "success"],
    ["completed", "failure", "failure"],
    ["completed", "cancelled", "cancelled"],
    ["completed", "skipped", "skipped"],
    ["completed", "timed_out", "timed_out"],
    ["completed", "neutral", "neutral"],
    ["completed", "startup_failure", "failure"],
    ["completed", "action_required", "neutral"],
    ["completed", "stale", "cancelled"],
    ["completed", null, "failure"],
    ["completed", "constructor", "failure"],
    ["completed", "__proto__", "failure"],
    ["toString", null, "queued"],
    ["hasOwnProperty", null, "queued"],
  ] as const)("%s / %s → %s", (status, conclusion, expected) => {
    expect(githubStatus(status, conclusion)).toBe(expected);
  });
});

describe("githubSource.identify and normalise", () => {
  const body = () => fixtureJson("github/workflow_job.in_progress.2.json");

  it("answers ping and ignores other events", () => {
    expect(parse("ping", { zen: "Keep it logically awesome." }).kind).toBe("ping");
    expect(parse("check_run", fixtureJson("github/check_run.completed.1.json"))).toEqual({
      kind: "ignored",
      event: "check_run",
      deliveryId: "d-1",
    });
  });

  it("requires the event header", () => {
    expect(() => parse(undefined, body())).toThrow(PayloadError);
  });

  it.each([
    ["workflow_job", (b: Record<string, unknown>) => delete b.workflow_job],
    [
      "workflow_job.id",
      (b: Record<string, unknown>) => delete (b.workflow_job as Record<string, unknown>).id,
    ],
    [
      "workflow_job.name",
      (b: Record<string, unknown>) => ((b.workflow_job as Record<string, unknown>).name = 42),
    ],
    [
      "workflow_job.status",
      (b: Record<string, unknown>) => delete (b.workflow_job as Record<string, unknown>).status,
    ],
    [
      "workflow_job.started_at",
      (b: Record<string, unknown>) => ((b.workflow_job as Record<string, unknown>).started_at = "yesterday"),
    ],
    [
      "repository.full_name",
      (b: Record<string, unknown>) => delete (b.repository as Record<string, unknown>).full_name,
    ],
  ])("names the bad field %s", (field, mutate) => {
    const bad = body();
    mutate(bad);
    try {
      parse("workflow_job", bad);
      expect.unreachable("parse should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(PayloadError);
      expect((error as PayloadError).field).toBe(field);
      expect((error as PayloadError).message).toContain(field);
    }
  });
});
