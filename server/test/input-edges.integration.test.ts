/**
 * Bad input edges over real HTTP (issue 15, findings 3 and 6), with crafted
 * variants of the vendors' real payloads, signed as each vendor signs:
 * - links are data, not code: a `javascript:`, `data:` or `vbscript:` link (any
 *   case, behind whitespace or control characters) is stored as no link, from
 *   every source; the delivery itself is still accepted;
 * - plausible times: a time before 2000-01-01 or more than 24 h ahead is
 *   refused with a 400 naming the field, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { RunDetail } from "../../lib/run";
import { webhookBody, BUILD_ID, JOB_ID } from "../ingest/buildkite.test-fixtures";
import { adminHeaders, fixtureJson, startTestServer, type TestServer } from "./helpers";
import {
  buildkiteDelivery,
  genericDelivery,
  githubDelivery,
  gitlabDelivery,
  jenkinsDelivery,
  post,
  type VendorDelivery,
} from "./vendors";

type Json = Record<string, unknown>;

/** The link forms the review used, and disguises of them a browser still reads as the scheme. */
const BAD_LINKS = [
  "javascript:alert(document.cookie)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  " \t\u0001JAVASCRIPT:alert(1)",
  "java\nscript:alert(1)",
  "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
] as const;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function send(delivery: VendorDelivery) {
  const response = await post(server.url, delivery);
  return { status: response.status, body: (await response.json()) as Json };
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, { headers: adminHeaders });
  return { status: response.status, body: (await response.json()) as T };
}

const github = (event: string, body: Json) => githubDelivery(event, JSON.stringify(body));

describe("links are data, not code", () => {
  it.each(BAD_LINKS.map((link, i) => [link, i] as const))(
    "GitHub workflow_job and workflow_run: %j is stored as no link",
    async (link, i) => {
      const job = fixtureJson("github/workflow_job.completed.1.json");
      const wj = job.workflow_job as Json;
      Object.assign(wj, { id: 7_100_000 + i, html_url: link });
      expect((await send(github("workflow_job", job))).status).toBe(202);
      const stored = await getJson<Job>(`/api/v1/jobs/github:${7_100_000 + i}`);
      expect(stored.status).toBe(200);
      expect(stored.body.url).toBeNull();
      expect(stored.body.status).toBe("failure");

      const run = fixtureJson("github/workflow_run.completed.1.json");
      Object.assign(run.workflow_run as Json, { id: 7_200_000 + i, html_url: link });
      expect((await send(github("workflow_run", run))).status).toBe(202);
      const storedRun = await getJson<RunDetail>(`/api/v1/runs/github:${7_200_000 + i}`);
      expect(storedRun.status).toBe(200);
      expect(storedRun.body.run.url).toBeNull();
    },
  );

  it("GitHub keeps an https link as it came", async () => {
    const job = fixtureJson("github/workflow_job.completed.1.json");
    Object.assign(job.workflow_job as Json, { id: 7_300_000 });
    expect((await send(github("workflow_job", job))).status).toBe(202);
    expect((await getJson<Job>("/api/v1/jobs/github:7300000")).body.url).toBe(
      "https://github.com/octo-org/octo-repo/runs/1291536064",
    );
  });

  it("GitLab: a Job Hook and a Pipeline Hook with script links store no link", async () => {
    const hook = fixtureJson("gitlab/job.created.json");
    (hook.project as Json).web_url = BAD_LINKS[0];
    (hook.repository as Json).homepage = BAD_LINKS[3];
    expect((await send(gitlabDelivery("Job Hook", JSON.stringify(hook)))).status).toBe(202);
    expect((await getJson<Job>("/api/v1/jobs/gitlab:1977")).body.url).toBeNull();

    const pipeline = fixtureJson("gitlab/pipeline.success.json");
    (pipeline.object_attributes as Json).url = BAD_LINKS[1];
    (pipeline.project as Json).web_url = BAD_LINKS[2];
    expect((await send(gitlabDelivery("Pipeline Hook", JSON.stringify(pipeline)))).status).toBe(202);
    const run = await getJson<RunDetail>("/api/v1/runs/gitlab:31");
    expect(run.body.run.url).toBeNull();
    expect(run.body.jobs.map((j) => j.url)).toEqual([null, null, null, null, null]);
  });

  it("Buildkite: a job and a build with script links store no link", async () => {
    const body = webhookBody("job.finished.json");
    (body.job as Json).web_url = BAD_LINKS[5];
    (body.build as Json).web_url = BAD_LINKS[4];
    expect((await send(buildkiteDelivery(JSON.stringify(body)))).status).toBe(202);
    expect((await getJson<Job>(`/api/v1/jobs/buildkite:${JOB_ID}`)).body.url).toBeNull();

    const build = webhookBody("build.finished.json");
    (build.build as Json).web_url = BAD_LINKS[0];
    expect((await send(buildkiteDelivery(JSON.stringify(build)))).status).toBe(202);
    expect((await getJson<RunDetail>(`/api/v1/runs/buildkite:${BUILD_ID}`)).body.run.url).toBeNull();
  });

  it("Jenkins: a build.full_url script link stores no link on the job or the run", async () => {
    const body = fixtureJson("jenkins/notification-plugin.completed.json");
    (body.build as Json).full_url = BAD_LINKS[3];
    expect((await send(jenkinsDelivery(JSON.stringify(body)))).status).toBe(202);
    const job = await getJson<Job>(`/api/v1/jobs/${encodeURIComponent("jenkins:asgard:18")}`);
    expect(job.status).toBe(200);
    expect(job.body.url).toBeNull();
    expect(
      (await getJson<RunDetail>(`/api/v1/runs/${encodeURIComponent("jenkins:asgard:18")}`)).body.run.url,
    ).toBe(null);
  });

  it("generic: refuses a script link with a 400 naming job.url, as it always has", async () => {
    for (const link of BAD_LINKS) {
      const body = {
        version: 1,
        job: { id: `link-${link.length}`, repo: "acme/api", name: "t", status: "queued", url: link },
      };
      const { status, body: answer } = await send(genericDelivery(JSON.stringify(body)));
      expect(status, link).toBe(400);
      expect((answer.error as Json).field, link).toBe("job.url");
    }
  });
});

describe("plausible times", () => {
  const day = 24 * 60 * 60 * 1000;

  it.each([
    ["created_at", "0000-01-01T00:00:00Z", "job.queuedAt"],
    ["started_at", "9999-12-31T23:59:59Z", "job.startedAt"],
    ["completed_at", "1999-12-31T23:59:59Z", "job.finishedAt"],
  ])("GitHub workflow_job with %s %s: 400 naming %s, nothing stored", async (key, value, field) => {
    const job = fixtureJson("github/workflow_job.completed.1.json");
    const id = 7_400_000 + value.length + key.length;
    Object.assign(job.workflow_job as Json, { id, [key]: value });
    const { status, body } = await send(github("workflow_job", job));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_payload", field });
    expect((body.error as Json).message).toContain(value);
    expect((await getJson(`/api/v1/jobs/github:${id}`)).status).toBe(404);
  });

  it("GitHub workflow_job with a step at 9999-12-31: 400 naming the step", async () => {
    const job = fixtureJson("github/workflow_job.completed.1.json");
    const wj = job.workflow_job as Json & { steps: Json[] };
    Object.assign(wj, { id: 7_500_000 });
    Object.assign(wj.steps[1] as Json, { completed_at: "9999-12-31T23:59:59Z" });
    const { status, body } = await send(github("workflow_job", job));
    expect(status).toBe(400);
    expect((body.error as Json).field).toBe("job.steps[1].finishedAt");
    expect((await getJson("/api/v1/jobs/github:7500000")).status).toBe(404);
  });

  it("GitHub workflow_run with created_at 0000-01-01: 400, no run stored", async () => {
    const run = fixtureJson("github/workflow_run.completed.1.json");
    Object.assign(run.workflow_run as Json, { id: 7_600_000, created_at: "0000-01-01T00:00:00Z" });
    const { status, body } = await send(github("workflow_run", run));
    expect(status).toBe(400);
    expect((body.error as Json).field).toBe("run.queuedAt");
    expect((await getJson("/api/v1/runs/github:7600000")).status).toBe(404);
  });

  it.each([
    ["queuedAt", "0000-01-01T00:00:00Z"],
    ["startedAt", "9999-12-31T23:59:59Z"],
    ["finishedAt", "1999-12-31T23:59:59.999Z"],
  ])("generic with %s %s: 400 naming that field, nothing stored", async (key, value) => {
    const id = `times-${key}`;
    const job = { id, repo: "acme/api", name: "t", status: "success", [key]: value };
    const { status, body } = await send(genericDelivery(JSON.stringify({ version: 1, job })));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_payload", field: `job.${key}` });
    expect((await getJson(`/api/v1/jobs/generic:${id}`)).status).toBe(404);
  });

  it("generic a few hours ahead of the server's clock is accepted (clock drift), 25 h ahead is not", async () => {
    const soon = new Date(Date.now() + 23 * 60 * 60 * 1000).toISOString();
    const job = { id: "times-soon", repo: "acme/api", name: "t", status: "queued", queuedAt: soon };
    expect((await send(genericDelivery(JSON.stringify({ version: 1, job })))).status).toBe(202);
    const late = new Date(Date.now() + day + 60 * 60 * 1000).toISOString();
    const tooLate = { ...job, id: "times-late", queuedAt: late };
    const { status, body } = await send(genericDelivery(JSON.stringify({ version: 1, job: tooLate })));
    expect(status).toBe(400);
    expect((body.error as Json).field).toBe("job.queuedAt");
  });

  it("Jenkins with build.timestamp 9999-12-31: 400, nothing stored", async () => {
    const body = fixtureJson("jenkins/notification-plugin.completed.json");
    Object.assign(body, { name: "far", url: "job/far/" });
    Object.assign(body.build as Json, { timestamp: Date.parse("9999-12-31T00:00:00Z"), duration: 1000 });
    const { status, body: answer } = await send(jenkinsDelivery(JSON.stringify(body)));
    expect(status).toBe(400);
    expect((answer.error as Json).field).toBe("job.startedAt");
    expect((await getJson(`/api/v1/jobs/${encodeURIComponent("jenkins:far:18")}`)).status).toBe(404);
  });
});
