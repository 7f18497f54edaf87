/**
 * Crash safety of group commit, with the real server in a child process
 * killed by SIGKILL mid-burst (no shutdown code runs): every delivery that was
 * answered 202 is stored after a restart, and every broke/fixed alert it
 * caused fires exactly once — the alert work was queued in the delivery's
 * own transaction, so the restarted dispatcher picks up what the dead one had
 * not evaluated. On SQLite and on PostgreSQL.
 */
import { afterEach, expect, it } from "vitest";
import type { WebhookBody } from "../alerts/messages/webhook";
import { startReceiver, type HttpReceiver } from "../alerts/send.test-receivers";
import { spawnServer, type ChildServer } from "./child";
import { describeEachEngine, type StoreEngine, type TestDatabase } from "./engines/stores";
import { adminHeaders, fixtureJson, postGithub } from "./helpers";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function fresh(engine: StoreEngine): Promise<TestDatabase> {
  const database = await engine.create();
  cleanups.push(() => database.remove());
  return database;
}

async function start(database: TestDatabase): Promise<ChildServer> {
  const child = await spawnServer(database.dataDir, {
    RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
    // The alert receiver listens on loopback: the outbound policy lets it through only because it is named.
    RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1",
    ...database.env,
  });
  cleanups.push(() => (child.child.exitCode === null ? child.kill() : undefined));
  return child;
}

/** A `workflow_job` body of fixture `name` for job `id`, with `changes` applied to the job. */
function jobBody(name: string, id: number, changes: Record<string, unknown> = {}): string {
  const body = fixtureJson<{ workflow_job: Record<string, unknown> }>(`github/${name}`);
  Object.assign(body.workflow_job, { id, run_id: id, ...changes });
  return JSON.stringify(body);
}

/** Posts; resolves true on 202, false on any other answer or a dropped connection. */
const acknowledged = (url: string, body: string) =>
  postGithub(url, body).then(
    (response) => response.status === 202,
    () => false,
  );

describeEachEngine("SIGKILL mid-batch", (engine) => {
  it("keeps every acknowledged delivery of a concurrent burst", async () => {
    const database = await fresh(engine);
    const first = await start(database);
    const TOTAL = 600;
    const KILL_AFTER = 150;
    const acked: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const id = 7_000_000 + next++;
        if (await acknowledged(first.url, jobBody("workflow_job.queued.1.json", id))) {
          acked.push(id);
          // Killed from the answer's own callback: other batches are queued or being written.
          if (acked.length === KILL_AFTER) first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 48 }, worker));
    await first.kill();
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.length).toBeLessThan(TOTAL);

    const store = await database.open();
    try {
      const missing: number[] = [];
      for (const id of acked) if ((await store.getJob(`github:${id}`)) === null) missing.push(id);
      expect(missing).toEqual([]);
      // Nothing stored twice, nothing half-stored: one delivery per job row.
      expect(await store.countDeliveries()).toBeGreaterThanOrEqual(acked.length);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("fires every broke and fixed alert of acknowledged deliveries exactly once after a restart", async () => {
    const database = await fresh(engine);
    const receiver: HttpReceiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const first = await start(database);
    const api = async (url: string, body: unknown) => {
      const response = await fetch(`${first.url}/api/v1${url}`, {
        method: "POST",
        headers: { ...adminHeaders, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string };
    };
    const channel = await api("/channels", {
      name: "hook",
      kind: "webhook",
      config: { url: `${receiver.url}/hook`, secret: "crash-test-signing-secret" },
    });
    await api("/alert-rules", {
      name: "every series",
      kind: "job_state",
      match: { repo: "Codertocat/*" },
      on: ["broke", "fixed"],
      channels: [channel.id],
    });

    // Each series: a job fails (broke), then, once that is acknowledged, a later job passes (fixed).
    const SERIES = 80;
    const KILL_AFTER = 60;
    const broke = new Set<string>();
    const fixed = new Set<string>();
    let acks = 0;
    const onAck = () => {
      acks += 1;
      if (acks === KILL_AFTER) first.child.kill("SIGKILL");
    };
    await Promise.all(
      Array.from({ length: SERIES }, async (_, i) => {
        const name = `series-${i}`;
        const failure = jobBody("workflow_job.completed.1.json", 8_000_000 + 2 * i, {
          name,
          completed_at: "2021-08-05T10:20:00Z",
        });
        if (!(await acknowledged(first.url, failure))) return;
        broke.add(name);
        onAck();
        const success = jobBody("workflow_job.completed.2.json", 8_000_000 + 2 * i + 1, {
          name,
          completed_at: "2021-08-05T10:30:00Z",
        });
        if (!(await acknowledged(first.url, success))) return;
        fixed.add(name);
        onAck();
      }),
    );
    await first.kill();
    expect(broke.size).toBeGreaterThan(0);
    expect(broke.size + fixed.size).toBeLessThan(2 * SERIES);

    // The restarted server evaluates what the killed one left queued and sends it.
    const second = await start(database);
    const notices = () =>
      receiver.requests.map((r) => {
        const { alert } = JSON.parse(r.body) as WebhookBody;
        const name = (JSON.parse(alert.subject) as string[])[4] as string;
        return `${name}:${alert.event}`;
      });
    const expected = [...[...broke].map((n) => `${n}:broke`), ...[...fixed].map((n) => `${n}:fixed`)];
    const deadline = Date.now() + 60_000;
    while (!expected.every((e) => notices().includes(e)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(expected.filter((e) => !notices().includes(e))).toEqual([]);
    await second.stop();

    // Evaluated exactly once: one alert per broken series, one queued notification per notice.
    const store = await database.open();
    try {
      expect(await store.countAlertWork()).toBe(0);
      const { items } = await store.listAlerts({ limit: 1000 });
      const subjects = items.map((a) => (JSON.parse(a.subject) as string[])[4] as string);
      expect(new Set(subjects).size).toBe(subjects.length);
      for (const name of broke) expect(subjects).toContain(name);
      for (const alert of items) {
        const sent = alert.deliveries.map((d) => d.notice).sort();
        expect(sent).toEqual(alert.state === "resolved" ? ["firing", "resolved"] : ["firing"]);
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
