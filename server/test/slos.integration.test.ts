/**
 * SLOs end to end: real GitHub deliveries into the real server, an SLO and
 * an slo_burn rule with a webhook channel provisioned over HTTP, a manual
 * clock, and a local receiver asserting the SRE workbook's multi-window
 * alerts: just below 14.4× nothing pages, at 14.4× it pages, and it resolves
 * once the 5-minute window has recovered (while the hour still burns).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SloStatus } from "../../lib/slo";
import type { WebhookBody } from "../alerts/messages/webhook";
import { startReceiver } from "../alerts/send.test-receivers";
import { manualClock } from "../domain/clock";
import { describeEachEngine } from "./engines/stores";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";

const T0 = Date.parse("2021-08-05T11:00:00Z");
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The pool the queued fixture asks for (`self-hosted, k8s`, sorted). */
const POOL = "k8s, self-hosted";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function call(s: TestServer, method: string, url: string, body?: unknown) {
  const response = await fetch(`${s.url}/api/v1${url}`, {
    method,
    headers: { ...adminHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

type WorkflowJobBody = { action: string; workflow_job: Record<string, unknown> };
let nextId = 50_000_000;

/** A job of POOL queued at `queuedAt` and picked up at `startedAt` (one in_progress delivery). */
async function started(s: TestServer, queuedAt: number, startedAt: number): Promise<void> {
  const body = fixtureJson<WorkflowJobBody>("github/workflow_job.queued.2.json");
  body.action = "in_progress";
  Object.assign(body.workflow_job, {
    id: nextId++,
    status: "in_progress",
    created_at: iso(queuedAt),
    started_at: iso(startedAt),
    runner_id: 7,
    runner_name: "k8s-1",
  });
  expect((await postGithub(s.url, JSON.stringify(body))).status).toBe(202);
}

/** `bad` jobs that waited 3 minutes and `good` ones that waited 30 s, all events in the 5 minutes before `now`. */
async function jobs(s: TestServer, now: number, bad: number, good: number): Promise<void> {
  for (let i = 0; i < bad; i++) await started(s, now - 4 * MINUTE, now - MINUTE); // bad at queued + 60 s
  for (let i = 0; i < good; i++) await started(s, now - 2 * MINUTE, now - 90_000);
}

describeEachEngine("SLO burn-rate alerts", (engine) => {
  it("pages at 14.4× over 1 h and 5 m, not just below, and resolves once the 5 m window recovers", async () => {
    const clock = manualClock(T0);
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    // The SLO's own channel (the owning team's): gets the same notices as the rule's.
    const team = await startReceiver();
    cleanups.push(() => team.close());
    const env: Record<string, string> = { RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" };
    if (engine.name === "postgres") {
      const database = await engine.create();
      cleanups.push(() => database.remove());
      env.DATABASE_URL = database.databaseUrl!;
      // Every node on one PostgreSQL database shares the audit key.
      env.RUNWATCH_AUDIT_KEY = "a".repeat(48);
    }
    const server = await startTestServer({
      clock,
      env,
      alerting: { tickMs: 24 * 60 * MINUTE },
    });
    cleanups.push(() => server.close());
    const tick = async () => {
      await server.alerts.dispatcher.idle();
      await server.alerts.dispatcher.tick();
      await server.alerts.outbox.drain();
    };
    const notices = (at = receiver) =>
      at.requests.map((r) => {
        const { alert } = JSON.parse(r.body) as WebhookBody;
        return `${alert.subject} ${alert.notice}`;
      });

    // The pool must be known before an SLO can name it.
    await jobs(server, T0, 0, 1);
    const hook = await call(server, "POST", "/channels", {
      name: "pager",
      kind: "webhook",
      config: { url: receiver.url },
    });
    await call(server, "POST", "/alert-rules", {
      name: "SLO burn",
      kind: "slo_burn",
      severity: "critical",
      channels: [hook.body?.id],
    });
    const teamHook = await call(server, "POST", "/channels", {
      name: "team",
      kind: "webhook",
      config: { url: team.url },
    });
    // 95 % target: the allowed bad share is 5 %, so 14.4× is 72 % bad and 6× is 30 % bad.
    const created = await call(server, "POST", "/slos", {
      name: "k8s queue",
      objective: { kind: "queue_time_p95", pool: POOL, maxSeconds: 60 },
      target: 95,
      channels: [teamHook.body?.id],
    });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);

    // Just below: 17 of 26 bad (65.4 %) is 13.08× — slow burn only.
    const t1 = T0 + MINUTE;
    clock.set(t1);
    await jobs(server, t1, 17, 8);
    await tick();
    expect(notices()).toEqual([`${id}:slow firing`]);
    let status = (await call(server, "GET", `/slos/${id}`)).body as unknown as SloStatus;
    expect(status.burn).toEqual({ "1h": 13.0769, "5m": 13.0769, "6h": 13.0769, "30m": 13.0769 });
    expect(status.state).toBe("slow_burn");

    // At the threshold: 19 more bad and 5 good make 36 of 50 (72 %): 14.4× over 1 h and over 5 m.
    const t2 = t1 + MINUTE;
    clock.set(t2);
    await jobs(server, t2, 19, 5);
    await tick();
    expect(notices()).toEqual([`${id}:slow firing`, `${id}:fast firing`]);
    status = (await call(server, "GET", `/slos/${id}`)).body as unknown as SloStatus;
    expect(status.burn["1h"]).toBe(14.4);
    expect(status.burn["5m"]).toBe(14.4);
    expect(status.state).toBe("fast_burn");
    expect(status.budget).toEqual({
      windowDays: 28,
      events: 50,
      good: 14,
      bad: 36,
      allowedBad: 2.5,
      consumed: 36,
      remainingPercent: -1340,
    });
    expect(status.consumers).toHaveLength(36);
    expect(status.consumers[0]).toMatchObject({ kind: "job", detail: "queued 3m", at: iso(t2 - 3 * MINUTE) });
    expect(status.consumers[0]?.path).toMatch(/^\/jobs\//);

    // Eight quiet minutes later the 5 m window holds no bad event while the hour still burns 14.4×: the page resolves.
    clock.set(t2 + 8 * MINUTE);
    await tick();
    status = (await call(server, "GET", `/slos/${id}`)).body as unknown as SloStatus;
    expect(status.burn["1h"]).toBe(14.4);
    expect(status.burn["5m"]).toBeNull();
    expect(notices()).toEqual([`${id}:slow firing`, `${id}:fast firing`, `${id}:fast resolved`]);
    expect(notices(team)).toEqual(notices());
  });
});

describe("the SLO API", () => {
  it("refuses impossible SLOs with a 400 naming the field, and changes only API SLOs", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runwatch-slo-"));
    const file = path.join(dir, "slos.json");
    writeFileSync(
      file,
      JSON.stringify({
        slos: [{ id: "main-green", name: "Main is green", objective: { kind: "success_rate" }, target: 90 }],
      }),
    );
    const server = await startTestServer({ env: { RUNWATCH_SLO_FILE: file } });
    cleanups.push(() => server.close());
    const base = { name: "x", objective: { kind: "success_rate" }, target: 99 };
    const refused = async (body: unknown) => {
      const { status, body: error } = await call(server, "POST", "/slos", body);
      expect(status).toBe(400);
      return (error?.error as { field?: string } | undefined)?.field;
    };
    expect(await refused({ ...base, objective: { kind: "p50_vibes" } })).toBe("objective.kind");
    expect(await refused({ ...base, target: 100 })).toBe("target");
    expect(await refused({ ...base, target: 0 })).toBe("target");
    expect(await refused({ ...base, target: 101 })).toBe("target");
    expect(
      await refused({ ...base, objective: { kind: "queue_time_p95", pool: "gpu", maxSeconds: 0 } }),
    ).toBe("objective.maxSeconds");
    expect(
      await refused({ ...base, objective: { kind: "queue_time_p95", pool: "no-such-pool", maxSeconds: 60 } }),
    ).toBe("objective.pool");
    expect(
      await refused({ ...base, objective: { kind: "webhook_ack_p99", maxMs: 100, source: "svn" } }),
    ).toBe("objective.source");
    expect(await refused({ ...base, channels: ["ch_nope"] })).toBe("channels");

    const list = await call(server, "GET", "/slos");
    const items = list.body?.items as SloStatus[];
    expect(items.map((s) => [s.slo.id, s.slo.origin, s.state])).toEqual([["main-green", "file", "no_data"]]);
    expect((await call(server, "PUT", "/slos/main-green", base)).status).toBe(409);
    expect((await call(server, "DELETE", "/slos/main-green")).status).toBe(409);

    const created = await call(server, "POST", "/slos", {
      name: "Acks",
      objective: { kind: "webhook_ack_p99", maxMs: 250 },
      target: 99,
    });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    const replaced = await call(server, "PUT", `/slos/${id}`, { ...base, name: "Main green" });
    expect(replaced.body?.name).toBe("Main green");
    expect((await call(server, "DELETE", `/slos/${id}`)).status).toBe(204);
    expect((await call(server, "GET", `/slos/${id}`)).status).toBe(404);
    const audit = await call(server, "GET", "/audit?limit=10");
    const actions = (audit.body?.items as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("slo."))).toEqual([
      "slo.deleted",
      "slo.updated",
      "slo.created",
    ]);
  });
});
