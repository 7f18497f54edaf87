import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  GENERIC_EXAMPLE,
  GENERIC_LIMITS,
  genericDeliverySchema,
  type GenericDelivery,
} from "../../lib/generic";
import { JOB_STATUSES } from "../../lib/job";
import { genericSource, normaliseGenericJob } from "./generic";
import { PayloadError } from "./source";

type Body = Record<string, unknown>;

/** The documented example body (docs/webhooks.md), with its elisions filled in (a fresh copy per call). */
const designExample = (): GenericDelivery & Body =>
  structuredClone(GENERIC_EXAMPLE) as GenericDelivery & Body;

const minimal = (): Body => ({
  version: 1,
  job: { id: "nightly-7", repo: "acme/api", name: "nightly", status: "success" },
});

/** A body with `job` fields changed (undefined deletes). */
const withJob = (changes: Body, base: Body = designExample()) => {
  const job = { ...(base.job as Body), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete job[key];
  return { ...base, job };
};

const expectPayloadError = (body: Body, field: string) => {
  try {
    normaliseGenericJob(body);
    expect.unreachable("normalise should have thrown");
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    expect((error as PayloadError).field).toBe(field);
    expect((error as PayloadError).message).toContain(field);
  }
};

describe("normaliseGenericJob", () => {
  it("maps the documented example", () => {
    expect(normaliseGenericJob(designExample())).toEqual({
      id: "generic:build-42",
      source: "generic",
      repo: "acme/api",
      workflow: "ci",
      name: "test",
      runId: "42",
      attempt: 1,
      branch: "main",
      sha: "9f3c2a7e1b4d",
      status: "running",
      queuedAt: "2026-01-15T10:00:00.000Z",
      startedAt: "2026-01-15T10:00:05.000Z",
      finishedAt: null,
      queueMs: null,
      durationMs: null,
      runner: { name: "rack-3", group: "linux", labels: ["x64", "gpu"] },
      url: "https://ci.example.com/builds/42",
      failure: null,
      steps: [],
    });
  });

  it("fills the defaults of a minimal body", () => {
    expect(normaliseGenericJob(minimal())).toMatchObject({
      id: "generic:nightly-7",
      runId: "nightly-7",
      attempt: 1,
      workflow: "",
      branch: null,
      sha: null,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      runner: { name: null, group: null, labels: [] },
      url: null,
      failure: null,
      steps: [],
    });
  });

  it("stores times in UTC", () => {
    const job = normaliseGenericJob(
      withJob({
        status: "success",
        startedAt: "2024-05-01T12:00:12+02:00",
        finishedAt: "2024-05-01T10:01:00.5Z",
      }),
    );
    expect(job).toMatchObject({
      startedAt: "2024-05-01T10:00:12.000Z",
      finishedAt: "2024-05-01T10:01:00.500Z",
    });
  });

  it("reads finishedAt only once terminal and startedAt only once running", () => {
    const finished = "2024-05-01T10:05:00Z";
    expect(normaliseGenericJob(withJob({ finishedAt: finished })).finishedAt).toBeNull();
    expect(normaliseGenericJob(withJob({ status: "queued" })).startedAt).toBeNull();
    expect(normaliseGenericJob(withJob({ status: "waiting" })).startedAt).toBeNull();
    expect(normaliseGenericJob(withJob({ status: "failure", finishedAt: finished })).finishedAt).toBe(
      "2024-05-01T10:05:00.000Z",
    );
  });

  it("classifies a failure from the steps", () => {
    const job = normaliseGenericJob(
      withJob({
        status: "failure",
        steps: [
          { name: "checkout", status: "success", startedAt: "2024-05-01T10:00:12Z", finishedAt: null },
          { name: "test", status: "failure" },
        ],
      }),
    );
    expect(job.failure).toEqual({ cause: "test", step: "test" });
    expect(job.steps[1]).toEqual({ name: "test", status: "failure", startedAt: null, finishedAt: null });
  });

  it("takes the sender's failure over the classifier's, filling its gaps", () => {
    const body = withJob({
      status: "failure",
      steps: [{ name: "deploy", status: "failure" }],
      failure: { cause: "infrastructure", reason: "disk full on rack-3" },
    });
    expect(normaliseGenericJob(body).failure).toEqual({
      cause: "infrastructure",
      step: "deploy",
      reason: "disk full on rack-3",
    });
    expect(normaliseGenericJob(withJob({ status: "timed_out", failure: {} })).failure).toEqual({
      cause: "timeout",
      step: null,
    });
  });

  it("gives a job that did not fail no failure, whatever the sender says", () => {
    const body = withJob({ status: "success", failure: { cause: "infrastructure" } });
    expect(normaliseGenericJob(body).failure).toBeNull();
  });

  it("ignores fields it does not know (a job copied from GET /jobs is accepted)", () => {
    const body = withJob({ source: "github", queueMs: 12, lost: true });
    expect(normaliseGenericJob(body).source).toBe("generic");
  });

  it.each(JOB_STATUSES)("accepts status %s", (status) => {
    expect(normaliseGenericJob(withJob({ status })).status).toBe(status);
  });
});

describe("normaliseGenericJob rejects bad bodies, naming the field", () => {
  it.each(["id", "repo", "name", "status"])("missing job.%s", (field) => {
    expectPayloadError(withJob({ [field]: undefined }), `job.${field}`);
  });

  it.each([
    ["version", { job: minimal().job }],
    ["job", { version: 1 }],
  ])("missing %s", (field, body) => {
    expectPayloadError(body, field);
  });

  it.each([2, 0, "1", null])("version %j", (version) => {
    expectPayloadError({ ...designExample(), version }, "version");
    expect(() => normaliseGenericJob({ version, other: "shape" })).toThrow(/not supported/);
  });

  it.each([
    ["job.status", { status: "passed" }],
    ["job.status", { status: "constructor" }],
    ["job.attempt", { attempt: 0 }],
    ["job.attempt", { attempt: 1.5 }],
    ["job.id", { id: "" }],
    ["job.id", { id: 42 }],
    ["job.name", { name: "line\nbreak" }],
    ["job.queuedAt", { queuedAt: "yesterday" }],
    ["job.startedAt", { startedAt: "2024-05-01T10:00:12" }],
    ["job.startedAt", { startedAt: "2024-02-30T10:00:00Z" }],
    ["job.finishedAt", { finishedAt: 1714557612000 }],
    ["job.url", { url: "javascript:alert(1)" }],
    ["job.url", { url: "ftp://ci.acme.example/42" }],
    ["job.runner.labels.0", { runner: { labels: [""] } }],
    ["job.runner.name", { runner: { name: 3 } }],
    ["job.failure.cause", { failure: { cause: "Disk Full!" } }],
    ["job.steps.0.status", { steps: [{ name: "test", status: "broken" }] }],
    ["job.steps.0.startedAt", { steps: [{ name: "test", status: "success", startedAt: "now" }] }],
  ])("%s: %j", (field, changes) => {
    expectPayloadError(withJob(changes), field);
  });

  it.each([
    ["job.id", { id: "x".repeat(GENERIC_LIMITS.id + 1) }],
    ["job.runId", { runId: "x".repeat(GENERIC_LIMITS.id + 1) }],
    ["job.repo", { repo: "x".repeat(GENERIC_LIMITS.name + 1) }],
    ["job.name", { name: "x".repeat(GENERIC_LIMITS.name + 1) }],
    ["job.workflow", { workflow: "x".repeat(GENERIC_LIMITS.name + 1) }],
    ["job.branch", { branch: "x".repeat(GENERIC_LIMITS.name + 1) }],
    ["job.sha", { sha: "x".repeat(GENERIC_LIMITS.sha + 1) }],
    ["job.url", { url: `https://ci.example/${"x".repeat(GENERIC_LIMITS.url)}` }],
    [
      "job.runner.labels",
      { runner: { labels: Array.from({ length: GENERIC_LIMITS.labels + 1 }, (_, i) => `l${i}`) } },
    ],
    ["job.runner.labels.0", { runner: { labels: ["x".repeat(GENERIC_LIMITS.label + 1)] } }],
    ["job.failure.reason", { status: "failure", failure: { reason: "x".repeat(GENERIC_LIMITS.reason + 1) } }],
    [
      "job.steps",
      { steps: Array.from({ length: GENERIC_LIMITS.steps + 1 }, () => ({ name: "s", status: "success" })) },
    ],
  ])("oversized %s", (field, changes) => {
    expectPayloadError(withJob(changes), field);
  });

  it("accepts strings at their limits", () => {
    const body = withJob({ id: "x".repeat(GENERIC_LIMITS.id), name: "n".repeat(GENERIC_LIMITS.name) });
    expect(normaliseGenericJob(body).id).toBe(`generic:${"x".repeat(GENERIC_LIMITS.id)}`);
  });
});

describe("genericSource", () => {
  const raw = Buffer.from(JSON.stringify(designExample()));
  const request = (headers: Record<string, string | undefined>) => ({ headers, rawBody: raw });

  it("dedupes on X-Runwatch-Delivery when sent, else on the body", () => {
    const body = designExample();
    expect(genericSource.identify(request({ "x-runwatch-delivery": "d-42" }), body)).toEqual({
      event: "job",
      deliveryId: "d-42",
    });
    expect(genericSource.identify(request({}), body)).toEqual({ event: "job", deliveryId: null });
    expect(() =>
      genericSource.identify(request({ "x-runwatch-delivery": "d".repeat(GENERIC_LIMITS.id + 1) }), body),
    ).toThrow(expect.objectContaining({ field: "X-Runwatch-Delivery" }));
  });

  it("reports one job and no run, even with a runId", () => {
    const body = designExample();
    expect(genericSource.normalise("job", body)).toEqual({
      kind: "data",
      observations: { jobs: [normaliseGenericJob(body)], runs: [], agents: [] },
    });
  });

  it("ignores an event it does not know (replay of a future kind)", () => {
    expect(genericSource.normalise("alert", designExample())).toEqual({ kind: "ignored" });
  });
});

describe("genericDeliverySchema", () => {
  it("converts to JSON Schema for the OpenAPI document", () => {
    const schema = z.toJSONSchema(genericDeliverySchema) as unknown as {
      required: string[];
      properties: { job: { required: string[] } };
    };
    expect(schema.required).toEqual(["version", "job"]);
    expect(schema.properties.job.required.sort()).toEqual(["id", "name", "repo", "status"]);
  });
});
