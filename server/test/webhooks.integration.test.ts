/**
 * The GitHub webhook endpoint over real HTTP against the real server and a
 * real SQLite file, with the vendor's own payloads.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, fixtureNames, postGithub, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const countJobs = async () => (await server.store.listJobs({ sort: "created", limit: 200 })).items.length;

describe("POST /api/v1/webhooks/github", () => {
  it("accepts every workflow_job fixture with 202 and stores the job", async () => {
    for (const name of fixtureNames("github", "workflow_job.")) {
      const response = await postGithub(server.url, fixture(`github/${name}`));
      expect(response.status, name).toBe(202);
      expect(await response.json()).toEqual({ accepted: true, duplicate: false });
    }
    const job = await server.store.getJob("github:14541957942");
    expect(job).toMatchObject({
      status: "running",
      repo: "wolfy1339/github-events-schemas",
      workflow: "Test",
    });
  });

  it("acknowledges a redelivery once, as a duplicate", async () => {
    const body = fixture("github/workflow_job.in_progress.3.json");
    const first = await postGithub(server.url, body, { delivery: "redelivered-1" });
    const second = await postGithub(server.url, body, { delivery: "redelivered-1" });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual({ accepted: true, duplicate: true });
  });

  it("answers ping with 200 and ignores other events with 202", async () => {
    const ping = await postGithub(server.url, JSON.stringify({ zen: "Design for failure.", hook_id: 1 }), {
      event: "ping",
    });
    expect(ping.status).toBe(200);
    const before = await countJobs();
    const checkRun = await postGithub(server.url, fixture("github/check_run.completed.1.json"), {
      event: "check_run",
    });
    expect(checkRun.status).toBe(202);
    expect(await countJobs()).toBe(before);
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const before = await countJobs();
    const body = Buffer.from(
      fixture("github/workflow_job.queued.1.json").toString().replace("289782451", "999000111"),
    );
    const wrong = await postGithub(server.url, body, { signature: "sha256=" + "ab".repeat(32) });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_signature");
    const missing = await postGithub(server.url, body, { signature: null });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.message).toMatch(/X-Hub-Signature-256/);
    expect(await countJobs()).toBe(before);
    expect(await server.store.getJob("github:999000111")).toBeNull();
  });

  it("refuses deliveries when the secret is unset, naming the variable", async () => {
    const unconfigured = await startTestServer({ env: { RUNWATCH_GITHUB_SECRET: "" } });
    try {
      const response = await postGithub(unconfigured.url, fixture("github/workflow_job.queued.1.json"));
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toContain("RUNWATCH_GITHUB_SECRET");
    } finally {
      await unconfigured.close();
    }
  });

  it("answers 415 for a body that is not JSON-typed, 400 for bad JSON or a non-object", async () => {
    const form = await postGithub(server.url, "payload=%7B%7D", {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    const broken = await postGithub(server.url, '{"action": "queued", ');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatchObject({ code: "invalid_payload", field: "body" });
    const array = await postGithub(server.url, "[1,2,3]");
    expect(array.status).toBe(400);
    const empty = await postGithub(server.url, "");
    expect(empty.status).toBe(400);
  });

  it("answers 400 naming a missing required field", async () => {
    const body = JSON.parse(fixture("github/workflow_job.queued.1.json").toString());
    delete body.workflow_job.run_id;
    const response = await postGithub(server.url, JSON.stringify(body));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "invalid_payload",
      field: "workflow_job.run_id",
    });
  });

  it("answers 413 for a body over the limit", async () => {
    const huge = JSON.stringify({ action: "queued", padding: "x".repeat(1024 * 1024 + 10) });
    const response = await postGithub(server.url, huge);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
  });

  it("answers JSON 404 for unknown API routes and methods", async () => {
    const response = await fetch(`${server.url}/api/v1/webhooks/unknown`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });

  it("keeps a completed job completed when a late in_progress arrives", async () => {
    const completed = JSON.parse(fixture("github/workflow_job.completed.2.json").toString());
    completed.workflow_job.id = 5550001;
    const running = structuredClone(completed);
    running.action = "in_progress";
    running.workflow_job.status = "in_progress";
    running.workflow_job.conclusion = null;
    running.workflow_job.completed_at = null;
    expect((await postGithub(server.url, JSON.stringify(completed))).status).toBe(202);
    expect((await postGithub(server.url, JSON.stringify(running))).status).toBe(202);
    expect((await server.store.getJob("github:5550001"))?.status).toBe("success");
  });

  it("keeps the job and the delivery durably, surviving a restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-restart-"));
    const body = fixture("github/workflow_job.completed.1.json");
    const first = await startTestServer({ dataDir });
    expect((await postGithub(first.url, body, { delivery: "durable-1" })).status).toBe(202);
    await first.close();
    const again = await startTestServer({ dataDir });
    try {
      expect((await again.store.getJob("github:289782451"))?.status).toBe("failure");
      const redelivery = await postGithub(again.url, body, { delivery: "durable-1" });
      expect(await redelivery.json()).toEqual({ accepted: true, duplicate: true });
    } finally {
      await again.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
