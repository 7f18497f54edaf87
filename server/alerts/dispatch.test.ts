/** The dispatcher on a real SQLite store and event bus, with a manual clock: what gets recorded and announced. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRuleInputSchema, channelInputSchema, type Alert, type AlertNotice } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import { manualClock } from "../domain/clock";
import { DomainEvents } from "../domain/events";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "../store/store";
import { failedJob } from "./alerts.test-fixtures";
import { createIngestWriter } from "../ingest/writer";
import { createDispatcher, type Dispatcher } from "./dispatch";

const T0 = Date.parse("2026-02-02T10:00:00Z");
const MIN = 60_000;
const clock = manualClock(T0);
let database: TestDatabase;
let store: Store;
let events: DomainEvents;
let dispatcher: Dispatcher;
let fired: { notice: AlertNotice; alert: Alert }[];
let channelId: string;

const rule = (input: Record<string, unknown>) =>
  store.createRule(alertRuleInputSchema.parse({ name: "r", channels: [channelId], ...input }), T0);

let seq = 0;
let deliveries = 0;
/** Delivers a job through the ingest writer (stored, its alert work queued, then announced). */
async function deliver(job: Job): Promise<void> {
  deliveries += 1;
  await createIngestWriter({ store, events }).record({
    source: "github",
    deliveryId: `d-${deliveries}`,
    event: "workflow_job",
    kind: "data",
    receivedAt: clock.now(),
    body: "{}",
    observations: { jobs: [job], runs: [], agents: [] },
  });
  await dispatcher.idle();
}

/** A job of the one series finishing now (by the clock), delivered the way ingest does. */
async function finish(status: Job["status"], overrides: Partial<Job> = {}): Promise<void> {
  seq += 1;
  await deliver(
    failedJob({
      id: `github:${seq}`,
      status,
      failure: status === "success" ? null : { cause: "step_failed", step: "Run tests" },
      finishedAt: new Date(clock.now()).toISOString(),
      ...overrides,
    }),
  );
}

const log = () => fired.map(({ notice, alert }) => `${notice}:${alert.event}:${alert.state}`);

describeEachEngine("alert dispatch", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    events = new DomainEvents();
    clock.set(T0);
    // Job and delivery numbers start again on each engine's fresh database.
    seq = 0;
    deliveries = 0;
    fired = [];
    events.on("alert.fired", (e) => fired.push(e));
    dispatcher = createDispatcher({
      store,
      events,
      clock,
      settings: { publicUrl: "https://runwatch.example", runnerOfflineAfterMs: 60 * MIN },
      sources: [{ source: "github", configured: true }],
    });
    const channel = await store.createChannel(
      channelInputSchema.parse({ name: "hook", kind: "webhook", config: { url: "https://hooks.example/x" } }),
      T0,
    );
    channelId = channel.id;
  });
  afterEach(async () => {
    await dispatcher.stop();
    await store.close();
    await database.remove();
  });

  describe("job_state", () => {
    it("fires on broke and resolves on fixed, queueing one delivery each", async () => {
      await rule({ kind: "job_state", on: ["broke", "fixed"], match: { repo: "acme/*", branch: "main" } });
      await finish("success");
      await finish("failure");
      clock.advance(5 * MIN);
      await finish("failure");
      clock.advance(5 * MIN);
      await finish("success");
      expect(log()).toEqual(["firing:broke:firing", "resolved:fixed:resolved"]);
      const [broke, fixed] = fired.map((f) => f.alert);
      expect(fixed?.id).toBe(broke?.id);
      expect(broke).toMatchObject({
        summary:
          'test (ubuntu) (acme/api · ci) failed on main (step_failed in "Run tests"); it passed before.',
        since: new Date(T0).toISOString(),
        link: `https://runwatch.example/jobs/${encodeURIComponent("github:2")}`,
      });
      expect(fixed?.summary).toContain("passes again on main after 2 failures over 10m");
      const { items } = await store.listAlerts({ limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]?.deliveries.map((d) => [d.notice, d.status, d.channelId])).toEqual([
        ["firing", "pending", channelId],
        ["resolved", "pending", channelId],
      ]);
    });

    it("throttles repeated failures to the cool-down, resolves quietly, and fires afresh", async () => {
      await rule({ kind: "job_state", on: ["broke", "failure"], cooldownMs: 10 * MIN });
      await finish("failure"); // First-ever run failing: broke.
      clock.advance(MIN);
      await finish("failure"); // Within the cool-down: quiet.
      clock.advance(10 * MIN);
      await finish("timed_out"); // Cool-down over: a reminder.
      await finish("cancelled"); // Says nothing about health.
      clock.advance(MIN);
      await finish("success"); // Fixed, which this rule does not notify: closed without a delivery.
      clock.advance(MIN);
      await finish("failure"); // A new incident.
      expect(log()).toEqual([
        "firing:broke:firing",
        "reminder:failure:firing",
        "resolved:fixed:resolved",
        "firing:broke:firing",
      ]);
      const { items } = await store.listAlerts({ limit: 10 });
      expect(items.map((a) => [a.state, a.deliveries.map((d) => d.notice)])).toEqual([
        ["firing", ["firing"]],
        ["resolved", ["firing", "reminder"]],
      ]);
    });

    it("ignores jobs the rule does not match, disabled rules, repeats and late arrivals", async () => {
      await rule({ kind: "job_state", on: ["broke"], match: { branch: "release/*" } });
      await rule({ kind: "job_state", on: ["broke"], enabled: false });
      const live = await rule({ kind: "job_state", on: ["failure"], match: { label: "LINUX" } });
      await finish("failure");
      expect(fired.map((f) => f.alert.ruleId)).toEqual([live.id]);
      // Already terminal before: not a new finish (the second delivery queues no work).
      const job = failedJob({ id: "github:again", finishedAt: new Date(clock.now()).toISOString() });
      await deliver(job);
      await deliver(job);
      expect(fired).toHaveLength(2);
      fired.pop();
      // Finished before what the series already knows: history, not news.
      await finish("failure", { finishedAt: new Date(T0 - 60 * MIN).toISOString() });
      await dispatcher.idle();
      expect(fired).toHaveLength(1);
    });

    it("skips channels that no longer exist", async () => {
      await rule({ kind: "job_state", on: ["broke"], channels: [channelId, "ch_gone"] });
      await finish("failure");
      const { items } = await store.listAlerts({ limit: 1 });
      expect(items[0]?.deliveries.map((d) => d.channelId)).toEqual([channelId]);
    });
  });

  describe("threshold rules on a tick", () => {
    it("source_silent fires once, keeps quiet through the cool-down, and resolves", async () => {
      await store.countDelivery("github", "accepted", T0);
      await rule({ kind: "source_silent", threshold: 10 * MIN, cooldownMs: 60 * MIN });
      clock.advance(5 * MIN);
      expect(await dispatcher.tick()).toBe(0);
      clock.advance(6 * MIN);
      expect(await dispatcher.tick()).toBe(1);
      clock.advance(10 * MIN);
      expect(await dispatcher.tick()).toBe(0);
      await store.countDelivery("github", "accepted", clock.now());
      expect(await dispatcher.tick()).toBe(1);
      expect(log()).toEqual(["firing:triggered:firing", "resolved:resolved:resolved"]);
      expect(fired[0]?.alert).toMatchObject({
        kind: "source_silent",
        subject: "github",
        since: new Date(T0).toISOString(),
        link: "https://runwatch.example/sources",
      });
    });

    it("once started, evaluates on its own timer, tick after tick, without overlapping", async () => {
      await store.countDelivery("github", "accepted", T0);
      await rule({ kind: "source_silent", threshold: 10 * MIN, cooldownMs: 60 * MIN });
      clock.advance(11 * MIN);
      // Nobody calls tick() from here on: only the timer evaluates.
      dispatcher.start(5);
      await expect.poll(log, { timeout: 5_000, interval: 5 }).toEqual(["firing:triggered:firing"]);
      await store.countDelivery("github", "accepted", clock.now());
      // A later tick of the same timer sees the source back; the many ticks in between stayed quiet.
      await expect
        .poll(log, { timeout: 5_000, interval: 5 })
        .toEqual(["firing:triggered:firing", "resolved:resolved:resolved"]);
      await dispatcher.stop();
      expect(await store.listAlerts({ limit: 10 })).toMatchObject({
        items: [{ kind: "source_silent", subject: "github", state: "resolved" }],
      });
    });
  });
});
