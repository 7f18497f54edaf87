/**
 * An slo_burn rule limited to chosen SLOs (`match.slo`, a glob on the SLO's id
 * or name): only the SLOs it matches page through it, and an exact pattern
 * that names no SLO is refused with a 400 naming `match.slo`. Real GitHub
 * deliveries, real HTTP, a manual clock, a local webhook receiver.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WebhookBody } from "../alerts/messages/webhook";
import { startReceiver } from "../alerts/send.test-receivers";
import { manualClock } from "../domain/clock";
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

let nextId = 60_000_000;

/** A job of POOL that waited `waitMs` and started a minute before `now`. */
async function started(s: TestServer, now: number, waitMs: number): Promise<void> {
  const body = fixtureJson<{ action: string; workflow_job: Record<string, unknown> }>(
    "github/workflow_job.queued.2.json",
  );
  body.action = "in_progress";
  Object.assign(body.workflow_job, {
    id: nextId++,
    status: "in_progress",
    created_at: iso(now - MINUTE - waitMs),
    started_at: iso(now - MINUTE),
    runner_id: 7,
    runner_name: "k8s-1",
  });
  expect((await postGithub(s.url, JSON.stringify(body))).status).toBe(202);
}

describe("slo_burn rules limited to chosen SLOs", () => {
  it("pages only for the SLOs its match.slo names, by name, id or glob", async () => {
    const clock = manualClock(T0);
    const server = await startTestServer({
      clock,
      env: { RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" },
      alerting: { tickMs: 24 * 60 * MINUTE },
    });
    cleanups.push(() => server.close());
    const receivers = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    for (const r of receivers) cleanups.push(() => r.close());
    // The pool must be known before an SLO can name it.
    await started(server, T0, 1000);

    const slo = async (name: string) => {
      const created = await call(server, "POST", "/slos", {
        name,
        objective: { kind: "queue_time_p95", pool: POOL, maxSeconds: 60 },
        target: 95,
      });
      expect(created.status).toBe(201);
      return String(created.body?.id);
    };
    const queueId = await slo("k8s queue");
    const backupId = await slo("backup queue");

    const rule = async (name: string, match: Record<string, string>, receiver: { url: string }) => {
      const channel = await call(server, "POST", "/channels", {
        name,
        kind: "webhook",
        config: { url: receiver.url },
      });
      return call(server, "POST", "/alert-rules", {
        name,
        kind: "slo_burn",
        match,
        channels: [channel.body?.id],
      });
    };
    expect((await rule("by name", { slo: "k8s queue" }, receivers[0]!)).status).toBe(201);
    expect((await rule("by id", { slo: backupId }, receivers[1]!)).status).toBe(201);
    expect((await rule("by glob", { slo: "*queue" }, receivers[2]!)).status).toBe(201);

    // Every job waited 3 minutes (bad): both SLOs burn 20× over every window.
    clock.set(T0 + MINUTE);
    for (let i = 0; i < 10; i++) await started(server, T0 + MINUTE, 3 * MINUTE);
    await server.alerts.dispatcher.idle();
    await server.alerts.dispatcher.tick();
    await server.alerts.outbox.drain();
    const subjects = (r: { requests: { body: string }[] }) =>
      r.requests.map((q) => (JSON.parse(q.body) as WebhookBody).alert.subject).sort();
    expect(subjects(receivers[0]!)).toEqual([`${queueId}:fast`, `${queueId}:slow`]);
    expect(subjects(receivers[1]!)).toEqual([`${backupId}:fast`, `${backupId}:slow`]);
    expect(subjects(receivers[2]!)).toEqual(
      [`${backupId}:fast`, `${backupId}:slow`, `${queueId}:fast`, `${queueId}:slow`].sort(),
    );
  });

  it("refuses an exact match.slo that names no SLO, and match.slo on other kinds, with a 400 naming it", async () => {
    const server = await startTestServer({ clock: manualClock(T0) });
    cleanups.push(() => server.close());
    const post = (body: Record<string, unknown>) =>
      call(server, "POST", "/alert-rules", { channels: [], ...body });
    const error = (r: { body: Record<string, unknown> | null }) =>
      (r.body?.error as { field?: string; message?: string } | undefined) ?? {};

    const unknown = await post({ name: "typo", kind: "slo_burn", match: { slo: "k8s queeu" } });
    expect(unknown.status).toBe(400);
    expect(error(unknown)).toMatchObject({
      field: "match.slo",
      message: 'match.slo names no SLO with id or name "k8s queeu"',
    });
    const other = await post({ name: "wrong kind", kind: "stuck_job", match: { slo: "x" } });
    expect(other.status).toBe(400);
    expect(error(other).field).toBe("match.slo");

    // A glob may be meant for SLOs declared later; an edit to an unknown exact name is refused too.
    const glob = await post({ name: "later", kind: "slo_burn", match: { slo: "team-a-*" } });
    expect(glob.status).toBe(201);
    const patched = await call(server, "PATCH", `/alert-rules/${String(glob.body?.id)}`, {
      match: { slo: "team-a" },
    });
    expect(patched.status).toBe(400);
    expect(error(patched).field).toBe("match.slo");
  });
});
