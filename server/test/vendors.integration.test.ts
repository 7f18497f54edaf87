/**
 * Every vendor endpoint over real HTTP, with a real socket client: real
 * fixtures accepted and stored, each auth scheme enforced, bad input refused
 * with nothing stored, redeliveries acknowledged once.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/events";
import { GENERIC_EXAMPLE } from "../../lib/generic";
import type { Job } from "../../lib/job";
import type { RunDetail } from "../../lib/run";
import type { RunnerListResponse } from "../../lib/runner";
import { webhookBody } from "../ingest/buildkite.test-fixtures";
import { manualClock } from "../domain/clock";
import { ADMIN_TOKEN, adminHeaders, fixture, startTestServer, type TestServer } from "./helpers";
import { nextUpdate } from "./live-updates";
import {
  buildkiteDelivery,
  genericDelivery,
  gitlabDelivery,
  jenkinsDelivery,
  post,
  type VendorDelivery,
} from "./vendors";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let server: TestServer | null = null;
let socket: Client | null = null;

afterEach(async () => {
  socket?.disconnect();
  socket = null;
  await server?.close();
  server = null;
});

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  server = await startTestServer(options);
  socket = connect(server.url, { transports: ["websocket"], forceNew: true, auth: { token: ADMIN_TOKEN } });
  await new Promise<void>((resolve, reject) => {
    socket?.once("connect", resolve);
    socket?.once("connect_error", reject);
  });
  return server;
}

const pushed = (id: string): Promise<Job> => {
  if (!socket) throw new Error("no socket");
  return nextUpdate(socket, "jobs:updated", (job) => job.id === id);
};

const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${server?.url}${path}`, { headers: adminHeaders });
  return { status: response.status, body: (await response.json()) as T };
};

const jobCount = async () => (await getJson<{ items: Job[] }>("/api/v1/jobs?limit=200")).body.items.length;

/** Posts and returns status and parsed body. */
async function send(delivery: VendorDelivery, headers: Record<string, string | null> = {}) {
  const response = await post(server?.url ?? "", delivery, headers);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorOf = (body: Record<string, unknown>) =>
  body.error as { code: string; message: string; field?: string };

describe("GitLab", () => {
  const created = fixture("gitlab/job.created.json").toString();

  it("accepts a Job Hook with the secret token, stores and pushes the job, and dedupes on Idempotency-Key", async () => {
    await start();
    const live = pushed("gitlab:1977");
    const delivery = gitlabDelivery("Job Hook", created, { delivery: "idem-1" });
    expect(await send(delivery)).toEqual({ status: 202, body: { accepted: true, duplicate: false } });
    expect(await live).toMatchObject({ status: "queued", repo: expect.any(String) as string, runId: "2366" });
    expect(await send(delivery)).toEqual({ status: 202, body: { accepted: true, duplicate: true } });
    const { body } = await getJson<Job>("/api/v1/jobs/gitlab:1977");
    expect(body.runner).toMatchObject({
      name: "shared-runners-manager-6.gitlab.com",
      labels: ["linux", "docker"],
    });
  });

  it("stores a Pipeline Hook as a reported run with its builds as jobs", async () => {
    await start();
    expect(
      (await send(gitlabDelivery("Pipeline Hook", fixture("gitlab/pipeline.success.json").toString())))
        .status,
    ).toBe(202);
    const { body } = await getJson<RunDetail>("/api/v1/runs/gitlab:31");
    expect(body.run).toMatchObject({ reported: true, status: "success" });
    expect(body.jobs.map((j) => j.id).sort()).toEqual([
      "gitlab:376",
      "gitlab:377",
      "gitlab:378",
      "gitlab:379",
      "gitlab:380",
    ]);
  });

  it("verifies Standard Webhooks signatures and refuses stale ones", async () => {
    const signingToken = `whsec_${Buffer.from("a-signing-key-of-32-bytes-length").toString("base64")}`;
    const now = Date.parse("2026-02-01T00:00:00Z");
    await start({
      clock: manualClock(now),
      env: { RUNWATCH_GITLAB_TOKEN: "", RUNWATCH_GITLAB_SIGNING_TOKEN: signingToken },
    });
    const at = now / 1000;
    expect((await send(gitlabDelivery("Job Hook", created, { signingToken, timestamp: at }))).status).toBe(
      202,
    );
    const stale = await send(
      gitlabDelivery("Job Hook", created, { signingToken, timestamp: at - 3600, delivery: "x" }),
    );
    expect(stale.status).toBe(401);
    expect(errorOf(stale.body).message).toMatch(/timestamp/);
    const wrong = `whsec_${Buffer.from("another-key-entirely-32-bytes-xx").toString("base64")}`;
    expect(
      (await send(gitlabDelivery("Job Hook", created, { signingToken: wrong, timestamp: at, delivery: "y" })))
        .status,
    ).toBe(401);
    // Only the signing token is set: the plain token header alone is not enough.
    expect((await send(gitlabDelivery("Job Hook", created, { delivery: "z" }))).status).toBe(401);
  });

  it("refuses a bad token, a bad body and a non-JSON type, storing nothing", async () => {
    await start();
    const delivery = gitlabDelivery("Job Hook", created);
    expect((await send(delivery, { "x-gitlab-token": "wrong-token" })).status).toBe(401);
    const body = JSON.parse(created) as Record<string, unknown>;
    delete body.build_id;
    const invalid = await send(gitlabDelivery("Job Hook", JSON.stringify(body)));
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid.body).field).toBe("build_id");
    expect((await send(delivery, { "content-type": "text/plain" })).status).toBe(415);
    expect(await jobCount()).toBe(0);
  });

  it("answers 401 naming the variables when neither GitLab secret is set", async () => {
    await start({ env: { RUNWATCH_GITLAB_TOKEN: "" } });
    const answer = await send(gitlabDelivery("Job Hook", created));
    expect(answer.status).toBe(401);
    expect(errorOf(answer.body).message).toContain("RUNWATCH_GITLAB_TOKEN or RUNWATCH_GITLAB_SIGNING_TOKEN");
  });
});

describe("Buildkite", () => {
  it("verifies the published signature vector exactly", async () => {
    await start({
      clock: manualClock(1642080837 * 1000),
      env: { RUNWATCH_BUILDKITE_TOKEN: "29b1ff5779c76bd48ba6705eb99ff970" },
    });
    const body = fixture("buildkite/ping.signed-body.json").toString();
    const headers = {
      "content-type": "application/json",
      "x-buildkite-event": "ping",
      "x-buildkite-signature":
        "timestamp=1642080837,signature=582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c",
    };
    expect((await send({ source: "buildkite", body, headers })).status).toBe(200);
    expect((await send({ source: "buildkite", body: `${body} `, headers })).status).toBe(401);
  });

  it("stores jobs and builds from signed deliveries, and agents in the runner registry", async () => {
    await start();
    const live = pushed("buildkite:9e6c3f19-4fdb-4e8e-b925-28cd7504e17f");
    for (const name of [
      "job.scheduled",
      "job.started",
      "job.finished",
      "build.finished",
      "agent.connected",
    ]) {
      expect((await send(buildkiteDelivery(JSON.stringify(webhookBody(`${name}.json`))))).status, name).toBe(
        202,
      );
    }
    expect((await live).source).toBe("buildkite");
    const job = await getJson<Job>("/api/v1/jobs/buildkite:9e6c3f19-4fdb-4e8e-b925-28cd7504e17f");
    expect(job.body.status).toBe("success");
    const run = await getJson<RunDetail>("/api/v1/runs/buildkite:8fcaa7b9-e175-4110-9f48-f79949806a31");
    expect(run.body.run.reported).toBe(true);
    const runners = await getJson<RunnerListResponse>("/api/v1/runners");
    expect(runners.body.items.find((r) => r.name === "my-agent-1")).toMatchObject({ connected: true });
  });

  it("refuses stale signatures and wrong tokens", async () => {
    await start();
    const body = JSON.stringify(webhookBody("job.started.json"));
    const stale = await send(buildkiteDelivery(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(stale.status).toBe(401);
    expect((await send(buildkiteDelivery(body, { mode: "token", token: "not-the-token" }))).status).toBe(401);
    expect(await jobCount()).toBe(0);
  });
});

describe("Jenkins", () => {
  const completed = fixture("jenkins/notification-plugin.completed.json").toString();

  it("accepts the Notification plugin's JSON with Basic auth", async () => {
    await start();
    const live = pushed("jenkins:asgard:18");
    expect((await send(jenkinsDelivery(completed))).status).toBe(202);
    expect(await live).toMatchObject({ status: "success", repo: "evgeny-goldin/asgard", branch: "master" });
    expect((await send(jenkinsDelivery(completed))).body).toEqual({ accepted: true, duplicate: true });
  });

  it("refuses a wrong password or no credentials", async () => {
    await start();
    expect((await send(jenkinsDelivery(completed, "wrong-password"))).status).toBe(401);
    const bare = await send(jenkinsDelivery(completed), { authorization: null });
    expect(bare.status).toBe(401);
    expect(errorOf(bare.body).code).toBe("invalid_signature");
    expect(await jobCount()).toBe(0);
  });
});

describe("generic", () => {
  const example = GENERIC_EXAMPLE;

  it("accepts the documented generic schema, stores generic:<id>, and puts the runner in the registry", async () => {
    await start();
    const live = pushed("generic:build-42");
    const delivery = genericDelivery(JSON.stringify(example), "gen-1");
    expect(await send(delivery)).toEqual({ status: 202, body: { accepted: true, duplicate: false } });
    expect(await live).toMatchObject({ status: "running", queueMs: 5_000 });
    expect((await send(delivery)).body).toEqual({ accepted: true, duplicate: true });
    const runners = await getJson<RunnerListResponse>("/api/v1/runners");
    expect(runners.body.items).toEqual([
      expect.objectContaining({ name: "rack-3", status: "busy", currentJobId: "generic:build-42" }),
    ]);
  });

  it("names the missing field and refuses a bad signature", async () => {
    await start();
    const { status: _status, ...job } = example.job;
    const invalid = await send(genericDelivery(JSON.stringify({ version: 1, job })));
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid.body).field).toBe("job.status");
    const forged = await send(genericDelivery(JSON.stringify(example)), {
      "x-runwatch-signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    expect(await jobCount()).toBe(0);
  });
});
