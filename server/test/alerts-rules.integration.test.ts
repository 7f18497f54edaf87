/**
 * Threshold alert rules end to end: real GitHub deliveries into the real
 * server, a rule and a webhook channel provisioned over HTTP, a manual clock
 * walked past each threshold, and a local receiver asserting that a condition
 * notifies `firing` once while it holds (quiet within the cool-down) and
 * `resolved` once when it clears.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MIN_JOBS } from "../alerts/threshold-rules";
import type { WebhookBody } from "../alerts/messages/webhook";
import { startReceiver, type HttpReceiver } from "../alerts/send.test-receivers";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";

const PUBLIC_URL = "https://runwatch.example";
const T0 = Date.parse("2021-08-05T11:00:00Z");
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The pool the queued fixture asks for (`self-hosted, k8s`, sorted). */
const K8S_POOL = "k8s, self-hosted";
const QUEUED_ID = 12877621891;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Harness {
  server: TestServer;
  clock: ReturnType<typeof manualClock>;
  receiver: HttpReceiver;
  /** Runs one tick and sends what it recorded; resolves with the notices recorded. */
  tick(): Promise<number>;
  /** Every notification body the receiver got so far. */
  bodies(): WebhookBody["alert"][];
}

/** A server on a manual clock at T0 with one threshold rule sending to a local webhook receiver. */
async function harness(rule: Record<string, unknown>, env: Record<string, string> = {}): Promise<Harness> {
  const clock = manualClock(T0);
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  // No background ticks: every evaluation in these tests is an explicit `tick()`.
  const server = await startTestServer({
    clock,
    // The receiver listens on loopback: the outbound policy lets it through only because it is named.
    env: { RUNWATCH_PUBLIC_URL: PUBLIC_URL, RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1", ...env },
    alerting: { tickMs: 24 * 60 * MINUTE },
  });
  cleanups.push(() => server.close());
  const hook = await api<{ id: string }>(server, "POST", "/channels", {
    name: "hook",
    kind: "webhook",
    config: { url: receiver.url },
  });
  await api(server, "POST", "/alert-rules", { ...rule, channels: [hook.id] });
  return {
    server,
    clock,
    receiver,
    async tick() {
      await server.alerts.dispatcher.idle();
      const recorded = await server.alerts.dispatcher.tick();
      await server.alerts.outbox.drain();
      return recorded;
    },
    bodies: () => receiver.requests.map((r) => (JSON.parse(r.body) as WebhookBody).alert),
  };
}

async function api<T>(s: TestServer, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.url}/api/v1${url}`, {
    method,
    headers: { ...adminHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

type WorkflowJobBody = { action: string; workflow_job: Record<string, unknown> };

async function deliver(s: TestServer, body: WorkflowJobBody): Promise<void> {
  expect((await postGithub(s.url, JSON.stringify(body))).status).toBe(202);
}

/** The queued fixture (`self-hosted, k8s`) as job QUEUED_ID, created at `at`, no runner yet (as e2e/queue.spec.ts). */
function queuedJob(at: number): WorkflowJobBody {
  const body = fixtureJson<WorkflowJobBody>("github/workflow_job.queued.2.json");
  Object.assign(body.workflow_job, {
    id: QUEUED_ID,
    created_at: iso(at),
    started_at: iso(at),
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
  });
  return body;
}

/** The same job picked up by runner `k8s-1` at `startedAt`, and finished at `completedAt` when given. */
function pickedUp(queuedAt: number, startedAt: number, completedAt?: number): WorkflowJobBody {
  const body = queuedJob(queuedAt);
  const done = completedAt !== undefined;
  body.action = done ? "completed" : "in_progress";
  Object.assign(body.workflow_job, {
    status: done ? "completed" : "in_progress",
    conclusion: done ? "success" : null,
    started_at: iso(startedAt),
    completed_at: done ? iso(completedAt) : null,
    runner_id: 7,
    runner_name: "k8s-1",
    runner_group_id: 1,
    runner_group_name: "Default",
  });
  return body;
}

/** The fixture job `linters` (CodeQL, Codertocat/Hello-World) as job `id`, run from `startedAt` to `completedAt`. */
function finishedJob(
  id: number,
  outcome: "failure" | "success",
  completedAt: number,
  startedAt = completedAt - 3 * MINUTE,
): WorkflowJobBody {
  const body = fixtureJson<WorkflowJobBody>(
    `github/workflow_job.completed.${outcome === "failure" ? 1 : 2}.json`,
  );
  Object.assign(body.workflow_job, {
    id,
    created_at: iso(startedAt - MINUTE),
    started_at: iso(startedAt),
    completed_at: iso(completedAt),
  });
  return body;
}

describe("threshold alert rules", () => {
  it("stuck_job: fires once for a job no runner can take, resolves when it starts", async () => {
    const h = await harness({
      name: "Stuck on k8s",
      kind: "stuck_job",
      severity: "critical",
      match: { label: "k8s" },
      threshold: 10 * MINUTE,
    });
    await deliver(h.server, queuedJob(T0));
    expect(await h.tick()).toBe(0);

    h.clock.advance(11 * MINUTE);
    expect(await h.tick()).toBe(1);
    expect(h.bodies()).toHaveLength(1);
    const firing = h.bodies()[0];
    expect(firing).toMatchObject({
      rule: "Stuck on k8s",
      kind: "stuck_job",
      severity: "critical",
      state: "firing",
      notice: "firing",
      event: "triggered",
      subject: `github:${QUEUED_ID}`,
      since: iso(T0),
      where: { source: "github", repo: "lineville/elastic-machines-testing", pool: K8S_POOL },
      url: `${PUBLIC_URL}/jobs/github%3A${QUEUED_ID}`,
    });
    expect(firing?.summary).toBe(
      `test (lineville/elastic-machines-testing · Env Test) has waited 11m for a runner of pool ${K8S_POOL}, and no online runner can take it.`,
    );

    // Still stuck, well within the hour's cool-down: nothing more.
    h.clock.advance(5 * MINUTE);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(1);

    await deliver(h.server, pickedUp(T0, h.clock.now()));
    expect(await h.tick()).toBe(1);
    expect(h.bodies()).toHaveLength(2);
    expect(h.bodies()[1]).toMatchObject({
      id: firing?.id,
      rule: "Stuck on k8s",
      kind: "stuck_job",
      state: "resolved",
      notice: "resolved",
      subject: `github:${QUEUED_ID}`,
      resolvedAt: iso(h.clock.now()),
    });
    expect(h.bodies()[1]?.summary).toContain(`pool ${K8S_POOL}`);

    await deliver(h.server, pickedUp(T0, h.clock.now(), h.clock.now() + MINUTE));
    h.clock.advance(2 * MINUTE);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(2);
  });

  it("queue_time: fires once while the pool's oldest job waits too long, resolves when it starts", async () => {
    const window = 5 * MINUTE;
    const h = await harness({
      name: "k8s queue",
      kind: "queue_time",
      match: { label: "k8s" },
      threshold: 10 * MINUTE,
      windowMs: window,
    });
    await deliver(h.server, queuedJob(T0));
    h.clock.advance(9 * MINUTE);
    expect(await h.tick()).toBe(0);

    h.clock.advance(2 * MINUTE);
    expect(await h.tick()).toBe(1);
    const firing = h.bodies()[0];
    expect(firing).toMatchObject({
      rule: "k8s queue",
      kind: "queue_time",
      state: "firing",
      notice: "firing",
      subject: K8S_POOL,
      where: { pool: K8S_POOL },
      url: `${PUBLIC_URL}/queue`,
    });
    expect(firing?.summary).toBe(`Queue time for pool ${K8S_POOL} is 11m, over the 10m threshold.`);
    expect(firing?.facts).toContainEqual({ label: "Oldest waiting", value: "11m" });

    h.clock.advance(MINUTE);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(1);

    // It starts after 12 minutes: nothing waits any more, so the alert resolves at once and says why
    // (the 12-minute wait is now the pool's p95, but a p95 with an empty queue keeps no one waiting).
    const started = h.clock.now();
    await deliver(h.server, pickedUp(T0, started));
    expect(await h.tick()).toBe(1);
    expect(h.bodies()[1]).toMatchObject({
      id: firing?.id,
      rule: "k8s queue",
      kind: "queue_time",
      state: "resolved",
      notice: "resolved",
      subject: K8S_POOL,
      resolvedAt: iso(started),
    });
    expect(h.bodies()[1]?.summary).toBe(
      `Job test (lineville/elastic-machines-testing · Env Test) started after 12m in queue on pool ${K8S_POOL}.`,
    );
    h.clock.set(started + window + 1);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(2);
  });

  it("success_rate: fires once under the threshold on enough jobs, resolves once successes lift it", async () => {
    const h = await harness({
      name: "CodeQL reliability",
      kind: "success_rate",
      match: { repo: "Codertocat/*", workflow: "CodeQL" },
      threshold: 0.8,
      windowMs: 60 * MINUTE,
    });
    const at = (minute: number) => T0 - 60 * MINUTE + minute * MINUTE; // Minutes past 10:00.
    let id = 7000;
    // One job short of the minimum: not judged, whatever the rate.
    for (let i = 0; i < DEFAULT_MIN_JOBS - 1; i += 1)
      await deliver(h.server, finishedJob(++id, "failure", at(5 + i)));
    expect(await h.tick()).toBe(0);

    await deliver(h.server, finishedJob(++id, "success", at(20)));
    expect(await h.tick()).toBe(1);
    const firing = h.bodies()[0];
    expect(firing).toMatchObject({
      rule: "CodeQL reliability",
      kind: "success_rate",
      state: "firing",
      notice: "firing",
      subject: JSON.stringify(["Codertocat/Hello-World", "CodeQL"]),
      where: { repo: "Codertocat/Hello-World", workflow: "CodeQL" },
    });
    expect(firing?.summary).toBe(
      "Codertocat/Hello-World · CodeQL succeeded in 20% of 5 jobs over the last 1h (threshold 80%).",
    );
    expect(firing?.url).toMatch(/^https:\/\/runwatch\.example\/insights\?/);

    h.clock.advance(MINUTE);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(1);

    // 4 failures: 16 successes of 20 is 80%, no longer under the threshold.
    for (let i = 0; i < 15; i += 1) await deliver(h.server, finishedJob(++id, "success", at(30 + i)));
    expect(await h.tick()).toBe(1);
    expect(h.bodies()[1]).toMatchObject({
      id: firing?.id,
      kind: "success_rate",
      state: "resolved",
      notice: "resolved",
    });
    expect(h.bodies()[1]?.summary).toBe(
      "Codertocat/Hello-World · CodeQL succeeded in 80% of 20 jobs over the last 1h (threshold 80%).",
    );
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(2);
  });

  it("runner_offline: fires once for a runner silent too long, resolves when it takes a job", async () => {
    const h = await harness(
      { name: "Runners down", kind: "runner_offline", match: { source: "github" } },
      { RUNWATCH_RUNNER_OFFLINE_MINUTES: "5" },
    );
    // A self-hosted runner that has taken two jobs (a hosted one, or one seen for a single job, retires instead).
    const onRack = (body: WorkflowJobBody) => {
      Object.assign(body.workflow_job, { runner_name: "rack-5", runner_group_name: "Default" });
      return body;
    };
    await deliver(h.server, onRack(finishedJob(8000, "success", T0 - 2 * MINUTE)));
    await deliver(h.server, onRack(finishedJob(8001, "success", T0 - MINUTE))); // Runner `rack-5` seen at T0.
    h.clock.advance(5 * MINUTE);
    expect(await h.tick()).toBe(0);

    h.clock.advance(MINUTE);
    expect(await h.tick()).toBe(1);
    const firing = h.bodies()[0];
    expect(firing).toMatchObject({
      rule: "Runners down",
      kind: "runner_offline",
      state: "firing",
      notice: "firing",
      subject: "github:rack-5",
      since: iso(T0),
      where: { source: "github", runner: "rack-5", pool: "ubuntu-latest" },
    });
    expect(firing?.summary).toBe("Runner rack-5 (ubuntu-latest) is offline; last seen 6m ago.");

    h.clock.advance(10 * MINUTE);
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(1);

    await deliver(h.server, onRack(finishedJob(8002, "success", h.clock.now())));
    expect(await h.tick()).toBe(1);
    expect(h.bodies()[1]).toMatchObject({
      id: firing?.id,
      kind: "runner_offline",
      state: "resolved",
      notice: "resolved",
      subject: "github:rack-5",
    });
    expect(h.bodies()[1]?.summary).toBe("Runner rack-5 (ubuntu-latest) is idle.");
    expect(await h.tick()).toBe(0);
    expect(h.receiver.requests).toHaveLength(2);
  });

  it("duration_regression: fires once when the workflow runs slower than its baseline, resolves when it is back", async () => {
    const window = 60 * MINUTE;
    const h = await harness({
      name: "CodeQL slower",
      kind: "duration_regression",
      match: { workflow: "CodeQL" },
      threshold: 0.5,
      windowMs: window,
    });
    let id = 9000;
    // Baseline (the 28 days before the window): 2-minute runs; this window: 4-minute runs.
    for (let i = 0; i < 5; i += 1) {
      const end = T0 - window - (10 + i) * MINUTE;
      await deliver(h.server, finishedJob(++id, "success", end, end - 2 * MINUTE));
    }
    for (let i = 0; i < 5; i += 1) {
      const end = T0 - (10 + i) * MINUTE;
      await deliver(h.server, finishedJob(++id, "success", end, end - 4 * MINUTE));
    }
    expect(await h.tick()).toBe(1);
    const firing = h.bodies()[0];
    expect(firing).toMatchObject({
      rule: "CodeQL slower",
      kind: "duration_regression",
      state: "firing",
      notice: "firing",
      subject: JSON.stringify(["Codertocat/Hello-World", "CodeQL"]),
      where: { repo: "Codertocat/Hello-World", workflow: "CodeQL" },
    });
    expect(firing?.summary).toBe(
      "Codertocat/Hello-World · CodeQL runs +100% against its baseline: p95 4m vs 2m (threshold +50%).",
    );
    h.clock.advance(MINUTE);
    expect(await h.tick()).toBe(0);

    // An hour on, this window's runs are back to 2 minutes; the slow hour joined the baseline.
    h.clock.set(T0 + window);
    for (let i = 0; i < 5; i += 1) {
      const end = T0 + (10 + i) * MINUTE;
      await deliver(h.server, finishedJob(++id, "success", end, end - 2 * MINUTE));
    }
    expect(await h.tick()).toBe(1);
    expect(h.bodies()[1]).toMatchObject({
      id: firing?.id,
      kind: "duration_regression",
      state: "resolved",
      notice: "resolved",
    });
    expect(h.bodies()[1]?.summary).toContain("Codertocat/Hello-World · CodeQL runs");
    expect(h.receiver.requests).toHaveLength(2);
  });
});
