/** The alert store on a real SQLite file: config CRUD, notices, the alert log and the outbox. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelInputSchema, alertRuleInputSchema } from "../../lib/alerts";
import { QUEUE_ALERT } from "../alerts/alerts.test-fixtures";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import { OUTBOX_LIMIT, QueryError, type Store } from "./store";

const NOW = Date.parse("2026-06-01T12:00:00Z");
let store: Store;

const slack = channelInputSchema.parse({
  name: "ops",
  kind: "slack",
  config: { url: "https://hooks.example/T/B/x" },
});
const draft = (id: string | null = null) => ({ ...QUEUE_ALERT, id });

describeEachEngine("alert store", (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  describe("channels and rules", () => {
    it("creates, lists, replaces and deletes, keeping the input as posted", async () => {
      const created = await store.createChannel(slack, NOW);
      expect(created).toMatchObject({ input: slack, createdAt: NOW, updatedAt: NOW });
      expect(created.id).toMatch(/^ch_/);
      const renamed = await store.replaceChannel(created.id, { ...slack, name: "ops-2" }, NOW + 1);
      expect(renamed).toMatchObject({ input: { name: "ops-2" }, createdAt: NOW, updatedAt: NOW + 1 });
      expect(await store.replaceChannel("ch_missing", slack, NOW)).toBeNull();
      expect((await store.listChannels()).map((c) => c.id)).toEqual([created.id]);
      expect(await store.deleteChannel(created.id)).toBe(true);
      expect(await store.deleteChannel(created.id)).toBe(false);
      expect(await store.getChannel(created.id)).toBeNull();
    });

    it("deleting a rule forgets its throttle state", async () => {
      const rule = await store.createRule(
        alertRuleInputSchema.parse({ name: "q", kind: "queue_time", threshold: 60_000, channels: [] }),
        NOW,
      );
      await store.recordNotice({
        ruleId: rule.id,
        subject: "pool:gpu",
        state: { since: NOW, lastNotifiedAt: NOW, reminders: 0 },
        alert: draft(),
        notice: "firing",
        channelIds: [],
        now: NOW,
      });
      expect((await store.getAlertStates(rule.id)).size).toBe(1);
      expect(await store.deleteRule(rule.id)).toBe(true);
      expect((await store.getAlertStates(rule.id)).size).toBe(0);
    });
  });

  describe("notices and the outbox", () => {
    it("stores state, alert and one outbox row per channel together; a resolution updates the same alert", async () => {
      const firing = await store.recordNotice({
        ruleId: "rule-2",
        subject: "pool:gpu",
        state: { since: NOW, lastNotifiedAt: NOW, reminders: 0 },
        alert: draft(),
        notice: "firing",
        channelIds: ["ch_a", "ch_b"],
        now: NOW,
      });
      expect(firing.id).toMatch(/^al_/);
      expect(await store.openAlert("rule-2", "pool:gpu")).toEqual(firing);
      const resolved = await store.recordNotice({
        ruleId: "rule-2",
        subject: "pool:gpu",
        state: undefined,
        alert: {
          ...firing,
          state: "resolved",
          event: "resolved",
          resolvedAt: new Date(NOW + 60_000).toISOString(),
        },
        notice: "resolved",
        channelIds: ["ch_a"],
        now: NOW + 60_000,
      });
      expect(resolved.id).toBe(firing.id);
      expect(await store.openAlert("rule-2", "pool:gpu")).toBeNull();
      expect((await store.getAlertStates("rule-2")).size).toBe(0);

      const { items } = await store.listAlerts({ limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]?.state).toBe("resolved");
      expect(items[0]?.deliveries.map((d) => [d.channelId, d.notice, d.status])).toEqual([
        ["ch_a", "firing", "pending"],
        ["ch_b", "firing", "pending"],
        ["ch_a", "resolved", "pending"],
      ]);
    });

    it("hands out due rows with the alert as it was when queued, and records attempts", async () => {
      await store.recordNotice({
        ruleId: "rule-2",
        subject: "s",
        state: undefined,
        alert: draft(),
        notice: "firing",
        channelIds: ["ch_a"],
        now: NOW,
      });
      const [due] = await store.dueDeliveries(NOW, 10);
      expect(due?.alert.summary).toBe(QUEUE_ALERT.summary);
      expect(await store.nextDueAt()).toBe(NOW);
      await store.recordAttempt(due?.delivery.id ?? "", {
        status: "pending",
        attempts: 1,
        lastError: "HTTP 503",
        nextAttemptAt: NOW + 10_000,
        sentAt: null,
      });
      expect(await store.dueDeliveries(NOW + 9_999, 10)).toEqual([]);
      expect(await store.nextDueAt()).toBe(NOW + 10_000);
      await store.recordAttempt(due?.delivery.id ?? "", {
        status: "sent",
        attempts: 2,
        lastError: null,
        nextAttemptAt: null,
        sentAt: NOW + 10_500,
      });
      expect(await store.nextDueAt()).toBeNull();
      const [logged] = (await store.listAlerts({ limit: 1 })).items[0]?.deliveries ?? [];
      expect(logged).toMatchObject({
        status: "sent",
        attempts: 2,
        sentAt: new Date(NOW + 10_500).toISOString(),
      });
    });

    it("pages the alert log with a cursor and refuses a forged one", async () => {
      for (let i = 0; i < 5; i++)
        await store.recordNotice({
          ruleId: "rule-2",
          subject: `s${i}`,
          state: undefined,
          alert: { ...draft(), subject: `s${i}`, firedAt: new Date(NOW + i * 1000).toISOString() },
          notice: "firing",
          channelIds: [],
          now: NOW,
        });
      const first = await store.listAlerts({ limit: 3 });
      const second = await store.listAlerts({ limit: 3, cursor: first.nextCursor ?? "" });
      expect([...first.items, ...second.items].map((a) => a.subject)).toEqual(["s4", "s3", "s2", "s1", "s0"]);
      expect(second.nextCursor).toBeNull();
      await expect(store.listAlerts({ limit: 3, cursor: "nope" })).rejects.toBeInstanceOf(QueryError);
    });

    it("is bounded: past the limit the oldest pending notifications are given up", async () => {
      const channels = (n: number, from: number) => Array.from({ length: n }, (_, i) => `ch_${from + i}`);
      await store.recordNotice({
        ruleId: "r",
        subject: "old",
        state: undefined,
        alert: draft(),
        notice: "firing",
        channelIds: channels(OUTBOX_LIMIT, 0),
        now: NOW,
      });
      await store.recordNotice({
        ruleId: "r",
        subject: "new",
        state: undefined,
        alert: draft(),
        notice: "firing",
        channelIds: channels(2, OUTBOX_LIMIT),
        now: NOW + 1,
      });
      const due = await store.dueDeliveries(NOW + 1, OUTBOX_LIMIT + 10);
      expect(due).toHaveLength(OUTBOX_LIMIT);
      // The two newest survive; two of the oldest were dropped, with the reason logged.
      const newest = new Set(channels(2, OUTBOX_LIMIT));
      expect(due.filter((d) => newest.has(d.delivery.channelId))).toHaveLength(2);
      const log = await store.listAlerts({ limit: 2 });
      const dropped = log.items.flatMap((a) => a.deliveries).filter((d) => d.status === "failed");
      expect(dropped).toHaveLength(2);
      expect(dropped[0]?.lastError).toMatch(/outbox full/);
    });
  });
});
