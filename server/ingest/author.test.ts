import { describe, expect, it } from "vitest";
import { GENERIC_EXAMPLE } from "../../lib/generic";
import { fixtureJson } from "../test/helpers";
import { authorField } from "./author";
import { jobOf, webhookBody, type Json } from "./buildkite.test-fixtures";
import { normaliseGenericJob } from "./generic";
import { normaliseWorkflowJob } from "./github";
import { normaliseJobHook, normalisePipelineHook } from "./gitlab";
import { normaliseJenkinsBuild } from "./jenkins";

describe("authorField", () => {
  it("takes the first non-blank string, trimmed", () => {
    expect(authorField(undefined, 42, "  ", " octocat ", "other")).toEqual({ author: "octocat" });
  });
  it("is empty when no candidate names anyone", () => {
    expect(authorField(null, undefined, "", { login: "x" })).toEqual({});
  });
});

describe("job author from real deliveries", () => {
  it("GitHub workflow_job: sender.login", () => {
    expect(normaliseWorkflowJob(fixtureJson("github/workflow_job.queued.1.json")).author).toBe("Codertocat");
  });

  it("GitHub workflow_job without a usable sender has no author (and is still accepted)", () => {
    const body = fixtureJson("github/workflow_job.queued.1.json");
    body.sender = "not an object";
    expect(normaliseWorkflowJob(body)).not.toHaveProperty("author");
  });

  it("GitLab Job Hook: user.username", () => {
    expect(normaliseJobHook(fixtureJson("gitlab/job.success.json")).author).toBe("jsmithy2");
  });

  it("GitLab Pipeline Hook: each build's user", () => {
    const { jobs } = normalisePipelineHook(fixtureJson("gitlab/pipeline.success.json"));
    expect(new Set(jobs.map((job) => job.author))).toEqual(new Set(["root"]));
  });

  it("Buildkite: build.creator.name first, else the commit's author", () => {
    const body = webhookBody("job.started.json");
    const build = body.build as Json;
    expect(jobOf(body)).not.toHaveProperty("author");
    build.author = { username: "keithpitt", name: "Keith Pitt" };
    expect(jobOf(body)!.author).toBe("keithpitt");
    build.creator = { id: "3d3c3bf0", name: "Sam Wright", email: "sam@example.com" };
    expect(jobOf(body)!.author).toBe("Sam Wright");
  });

  it("generic: the optional job.author", () => {
    const body = structuredClone(GENERIC_EXAMPLE);
    expect(normaliseGenericJob(body)).not.toHaveProperty("author");
    expect(normaliseGenericJob({ ...body, job: { ...body.job, author: "dana" } }).author).toBe("dana");
  });

  it("Jenkins sends no author", () => {
    const built = normaliseJenkinsBuild(fixtureJson("jenkins/notification-plugin.completed.json"));
    expect(built?.job).not.toHaveProperty("author");
  });
});
