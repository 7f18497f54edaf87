/** The outbox on a real SQLite store, sending through the real sender to local receivers, on a manual clock. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelInputSchema, type AlertDelivery } from "../../lib/alerts";
import { manualClock } from "../domain/clock";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "../store/store";
import { QUEUE_ALERT } from "./alerts.test-fixtures";
import { parseOutboundAllow } from "../outbound/address-policy";
import { createOutbox, type OutboxOptions } from "./outbox";
import type { RetryPolicy } from "./retry";
import { createSender } from "./send";
import { startReceiver, type Answer, type HttpReceiver } from "./send.test-receivers";

const T0 = Date.parse("2026-03-01T09:00:00Z");
// Equal jitter with random 0.5: retry n waits exactly 3/4 of base·2^(n−1).
const POLICY: RetryPolicy = {
  baseMs: 1000,
  capMs: 60_000,
  maxAttempts: 4,
  maxRetryAfterMs: 60_000,
  jitter: "equal",
};

let database: TestDatabase;
let store: Store;
let receiver: HttpReceiver | null;
const clock = manualClock(T0);

function outbox(options: Partial<OutboxOptions> = {}) {
  const sender = createSender({
    // The receivers listen on loopback: the allow-list names it.
    settings: { smtp: null, publicUrl: null, outboundAllow: parseOutboundAllow("127.0.0.1") },
    clock,
  });
  return createOutbox({ store, clock, send: sender.send, random: () => 0.5, policy: POLICY, ...options });
}

/** A webhook channel to a receiver answering as scripted, and one notice queued to it. */
async function queued(answers: Answer[]): Promise<void> {
  receiver = await startReceiver((_, i) => answers[Math.min(i, answers.length - 1)] ?? { status: 200 });
  const channel = await store.createChannel(
    channelInputSchema.parse({ name: "hook", kind: "webhook", config: { url: `${receiver.url}/hook` } }),
    T0,
  );
  await store.recordNotice({
    ruleId: "rule-2",
    subject: "gpu",
    state: { since: T0, lastNotifiedAt: T0, reminders: 0 },
    alert: { ...QUEUE_ALERT, id: null },
    notice: "firing",
    channelIds: [channel.id],
    now: T0,
  });
}

async function delivery(): Promise<AlertDelivery> {
  const { items } = await store.listAlerts({ limit: 1 });
  const found = items[0]?.deliveries[0];
  if (!found) throw new Error("no delivery");
  return found;
}
const iso = (ms: number) => new Date(ms).toISOString();

describeEachEngine("alert outbox", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    clock.set(T0);
    receiver = null;
  });
  afterEach(async () => {
    await receiver?.close();
    await store.close();
    await database.remove();
  });

  describe("outbox", () => {
    it("retries on the schedule: Retry-After first, then backoff, then sent", async () => {
      await queued([
        { status: 503, headers: { "retry-after": "1" } },
        { status: 503, body: "still down" },
        { status: 200 },
      ]);
      const box = outbox();
      expect(await box.drain()).toBe(1);
      expect(await delivery()).toMatchObject({
        status: "pending",
        attempts: 1,
        nextAttemptAt: iso(T0 + 1000),
        lastError: "HTTP 503 from receiver",
      });
      expect(await box.drain()).toBe(0); // Not due yet.
      clock.advance(1000);
      expect(await box.drain()).toBe(1);
      // Attempt 2 failed: base·2 = 2000, equal jitter at 0.5 → 1500.
      expect(await delivery()).toMatchObject({
        status: "pending",
        attempts: 2,
        nextAttemptAt: iso(T0 + 2500),
        lastError: 'HTTP 503 from receiver — receiver said: "still down"',
      });
      clock.advance(1499);
      expect(await box.drain()).toBe(0);
      clock.advance(1);
      expect(await box.drain()).toBe(1);
      expect(await delivery()).toMatchObject({
        status: "sent",
        attempts: 3,
        sentAt: iso(T0 + 2500),
        nextAttemptAt: null,
        lastError: null,
      });
      expect(receiver?.requests).toHaveLength(3);
      expect(await store.nextDueAt()).toBeNull();
    });

    it("gives up after the last attempt", async () => {
      await queued([{ status: 500 }]);
      const box = outbox();
      for (let i = 0; i < POLICY.maxAttempts; i++) {
        await box.drain();
        clock.advance(60_000);
      }
      expect(await delivery()).toMatchObject({
        status: "failed",
        attempts: 4,
        nextAttemptAt: null,
        lastError: "HTTP 500 from receiver (after 4 attempts)",
      });
    });

    it("does not retry what waiting will not fix", async () => {
      await queued([{ status: 404, body: "no_such_hook" }]);
      await outbox().drain();
      expect(await delivery()).toMatchObject({
        status: "failed",
        attempts: 1,
        lastError: 'HTTP 404 from receiver (not retryable) — receiver said: "no_such_hook"',
      });
    });

    it("waits at least a second before a retry, whatever Retry-After says", async () => {
      await queued([{ status: 429, headers: { "retry-after": "0" } }]);
      await outbox().drain();
      expect((await delivery()).nextAttemptAt).toBe(iso(T0 + 1000));
    });

    it("fails a notification whose channel was deleted", async () => {
      await queued([{ status: 200 }]);
      const { channelId } = await delivery();
      await store.deleteChannel(channelId);
      await outbox().drain();
      expect(await delivery()).toMatchObject({
        status: "failed",
        lastError: "the channel was deleted (not retryable)",
      });
      expect(receiver?.requests).toHaveLength(0);
    });

    it("resumes pending rows when started, with no poke", async () => {
      await queued([{ status: 200 }]);
      const box = outbox();
      box.start();
      await receiver?.waitFor(1);
      await box.stop();
      expect(await delivery()).toMatchObject({ status: "sent", attempts: 1 });
    });
  });
});
