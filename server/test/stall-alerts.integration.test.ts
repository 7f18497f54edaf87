/**
 * Alert rules on the stall radar's diagnoses end to end: a rule and a webhook
 * channel provisioned over HTTP, crafted variants of the real GitHub
 * `workflow_job` fixture delivered on a manual clock, and a local HTTP
 * receiver asserting `firing` exactly past the diagnosis's threshold and
 * `resolved` once it clears.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WebhookBody } from "../alerts/messages/webhook";
import { startReceiver } from "../alerts/send.test-receivers";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";

const PUBLIC_URL = "https://runwatch.example";
const T0 = Date.parse("2026-03-01T12:00:00Z");
const SECOND = 1000;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const LINUX = ["self-hosted", "linux"];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type WorkflowJobBody = { action: string; workflow_job: Record<string, unknown> };

/** The real queued fixture as job `id`, queued at `queuedAt`; picked up (and finished) by `runner` when given. */
function jobEvent(
  id: number,
  queuedAt: number,
  run?: { runner: string; startedAt: number; finishedAt?: number },
): string {
  const body = fixtureJson<WorkflowJobBody>("github/workflow_job.queued.2.json");
  const done = run?.finishedAt !== undefined;
  body.action = run === undefined ? "queued" : done ? "completed" : "in_progress";
  Object.assign(body.workflow_job, {
    id,
    run_id: id * 10,
    labels: LINUX,
    status: body.action,
    conclusion: done ? "success" : null,
    created_at: iso(queuedAt),
    started_at: iso(run?.startedAt ?? queuedAt),
    completed_at: done ? iso(run.finishedAt as number) : null,
    runner_id: run ? 7 : null,
    runner_name: run?.runner ?? null,
    runner_group_id: run ? 1 : null,
    runner_group_name: run ? "Default" : null,
  });
  return JSON.stringify(body);
}

async function api(s: TestServer, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${s.url}/api/v1${url}`, {
    method,
    headers: { ...adminHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("alert rules on diagnoses", () => {
  it("dispatch_stall notifies a webhook at 61 s (not at 59 s) and resolves when the job starts", async () => {
    const clock = manualClock(T0);
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const server = await startTestServer({
      clock,
      env: { RUNWATCH_PUBLIC_URL: PUBLIC_URL, RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" },
      alerting: { tickMs: 24 * 60 * MINUTE },
    });
    cleanups.push(() => server.close());
    const hook = await api(server, "POST", "/channels", {
      name: "hook",
      kind: "webhook",
      config: { url: receiver.url },
    });
    const channel = ((await hook.json()) as { id: string }).id;

    // The new kinds take no threshold: a rule giving one is refused, naming the field.
    const bad = await api(server, "POST", "/alert-rules", {
      name: "x",
      kind: "dispatch_stall",
      threshold: 60_000,
      channels: [channel],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("threshold");
    const rule = await api(server, "POST", "/alert-rules", {
      name: "Linux stalls",
      kind: "dispatch_stall",
      severity: "critical",
      match: { label: "linux" },
      channels: [channel],
    });
    expect(rule.status).toBe(201);

    const tick = async () => {
      await server.alerts.dispatcher.idle();
      const recorded = await server.alerts.dispatcher.tick();
      await server.alerts.outbox.drain();
      return recorded;
    };
    const bodies = () => receiver.requests.map((r) => (JSON.parse(r.body) as WebhookBody).alert);

    const deliver = async (body: string) => expect((await postGithub(server.url, body)).status).toBe(202);
    await deliver(
      jobEvent(1, T0 - 10 * MINUTE, { runner: "rack-1", startedAt: T0 - 9 * MINUTE, finishedAt: T0 }),
    );
    await deliver(jobEvent(2, T0));

    clock.set(T0 + 59 * SECOND);
    expect(await tick()).toBe(0);
    clock.set(T0 + 61 * SECOND);
    expect(await tick()).toBe(1);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({
      rule: "Linux stalls",
      kind: "dispatch_stall",
      severity: "critical",
      notice: "firing",
      subject: JSON.stringify(["github", "linux, self-hosted"]),
      since: iso(T0 + 60 * SECOND),
      where: { source: "github", pool: "linux, self-hosted" },
      url: `${PUBLIC_URL}/queue?source=github`,
    });
    expect(bodies()[0]?.summary).toBe(
      "test (lineville/elastic-machines-testing · Env Test) has waited 1 min while runner rack-1 sits idle and could take it: check that runner's service and its registration.",
    );

    await deliver(jobEvent(2, T0, { runner: "rack-1", startedAt: clock.now() }));
    clock.advance(SECOND);
    expect(await tick()).toBe(1);
    expect(bodies()).toHaveLength(2);
    expect(bodies()[1]).toMatchObject({ kind: "dispatch_stall", notice: "resolved", state: "resolved" });
  });

  it("stale_job notifies per job, linking to it, and resolves once an admin marks it lost", async () => {
    const clock = manualClock(T0);
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const server = await startTestServer({
      clock,
      env: { RUNWATCH_PUBLIC_URL: PUBLIC_URL, RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" },
      alerting: { tickMs: 24 * 60 * MINUTE },
    });
    cleanups.push(() => server.close());
    const hook = await api(server, "POST", "/channels", {
      name: "hook",
      kind: "webhook",
      config: { url: receiver.url },
    });
    const channel = ((await hook.json()) as { id: string }).id;
    const rule = await api(server, "POST", "/alert-rules", {
      name: "Stale",
      kind: "stale_job",
      channels: [channel],
    });
    expect(rule.status).toBe(201);
    const tick = async () => {
      await server.alerts.dispatcher.idle();
      const recorded = await server.alerts.dispatcher.tick();
      await server.alerts.outbox.drain();
      return recorded;
    };
    const bodies = () => receiver.requests.map((r) => (JSON.parse(r.body) as WebhookBody).alert);

    // Queued 59 min ago: under the 1 h floor (no pool history). A minute and a second later: stale.
    expect((await postGithub(server.url, jobEvent(5, T0 - 59 * MINUTE))).status).toBe(202);
    expect(await tick()).toBe(0);
    clock.set(T0 + MINUTE + SECOND);
    expect(await tick()).toBe(1);
    expect(bodies()[0]).toMatchObject({
      kind: "stale_job",
      notice: "firing",
      subject: "github:5",
      since: iso(T0 + MINUTE),
      url: `${PUBLIC_URL}/jobs/github%3A5`,
    });

    expect((await api(server, "POST", "/jobs/github%3A5/lost")).status).toBe(200);
    expect(await tick()).toBe(1);
    expect(bodies()[1]).toMatchObject({ kind: "stale_job", notice: "resolved", subject: "github:5" });
  });
});
