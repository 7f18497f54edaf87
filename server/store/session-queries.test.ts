import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { SEEN_GRANULARITY_MS } from "./session-queries";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "./store";

const HOUR = 60 * 60 * 1000;
let store: Store;
const clock = manualClock();

const newKey = async (name = "reader") =>
  (await store.createApiKey({ name, scopes: ["read"], createdBy: "cli" }, clock.now())).key;

describeEachEngine("sessions", (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    clock.set(Date.parse("2026-03-01T12:00:00Z"));
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  describe("sessions in SQLite", () => {
    it("opens a session that finds its key until it expires", async () => {
      const key = await newKey();
      const { token, session } = await store.createSession(key.id, 8 * HOUR, clock.now());
      expect(token).toMatch(/^rws_[A-Za-z0-9_-]{43}$/);
      expect(session).toMatchObject({
        keyId: key.id,
        createdAt: "2026-03-01T12:00:00.000Z",
        expiresAt: "2026-03-01T20:00:00.000Z",
        revokedAt: null,
      });

      clock.advance(8 * HOUR - 1);
      expect(await store.findSession(token, clock.now())).toMatchObject({
        session: { id: session.id },
        key: { id: key.id },
      });
      clock.advance(1);
      expect(await store.findSession(token, clock.now())).toBeNull();
    });

    it("finds nothing for an unknown or altered token", async () => {
      const key = await newKey();
      const { token } = await store.createSession(key.id, HOUR, clock.now());
      expect(await store.findSession(`${token}x`, clock.now())).toBeNull();
      expect(await store.findSession("rws_nothing", clock.now())).toBeNull();
    });

    it("refreshes last-seen to the minute", async () => {
      const key = await newKey();
      const { token } = await store.createSession(key.id, HOUR, clock.now());
      const first = await store.findSession(token, clock.now());
      expect(first?.session.lastSeenAt).toBe("2026-03-01T12:00:00.000Z");
      clock.advance(1000);
      expect((await store.findSession(token, clock.now()))?.session.lastSeenAt).toBe(
        "2026-03-01T12:00:00.000Z",
      );
      clock.advance(SEEN_GRANULARITY_MS);
      expect((await store.findSession(token, clock.now()))?.session.lastSeenAt).toBe(
        "2026-03-01T12:01:01.000Z",
      );
    });

    it("revokes one session, leaving the others", async () => {
      const key = await newKey();
      const a = await store.createSession(key.id, HOUR, clock.now());
      const b = await store.createSession(key.id, HOUR, clock.now());
      expect(await store.revokeSession(a.session.id, clock.now())).toBe(true);
      expect(await store.revokeSession(a.session.id, clock.now())).toBe(false);
      expect(await store.findSession(a.token, clock.now())).toBeNull();
      expect(await store.findSession(b.token, clock.now())).not.toBeNull();
      expect((await store.listSessions({ activeAt: clock.now() })).map((s) => s.id)).toEqual([b.session.id]);
      expect(await store.listSessions()).toHaveLength(2);
    });

    it("revokes every session of a key, and revoking the key ends its sessions", async () => {
      const key = await newKey("one");
      const other = await newKey("two");
      const s1 = await store.createSession(key.id, HOUR, clock.now());
      const s2 = await store.createSession(key.id, HOUR, clock.now());
      const s3 = await store.createSession(other.id, HOUR, clock.now());
      expect(await store.revokeSessionsForKey(key.id, clock.now())).toBe(2);
      expect(await store.findSession(s1.token, clock.now())).toBeNull();
      expect(await store.findSession(s2.token, clock.now())).toBeNull();

      expect(await store.revokeApiKey(other.id, clock.now())).toBe(true);
      expect(await store.findSession(s3.token, clock.now())).toBeNull();
      expect((await store.listSessions({ keyId: other.id }))[0]?.revokedAt).not.toBeNull();
    });

    it("refuses a session for a revoked or unknown key, or without a lifetime", async () => {
      const key = await newKey();
      await expect(store.createSession(key.id, 0, clock.now())).rejects.toThrow(/lifetime/);
      await store.revokeApiKey(key.id, clock.now());
      await expect(store.createSession(key.id, HOUR, clock.now())).rejects.toThrow(/revoked/);
      await expect(store.createSession("missing", HOUR, clock.now())).rejects.toThrow(/unknown/);
    });
  });
});
