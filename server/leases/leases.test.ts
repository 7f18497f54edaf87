/**
 * Leases over a real SQLite file, two holders (two stores opened on the same
 * file, as two nodes would share a database) and a manual clock: one holds,
 * the other waits; when the holder stops renewing, expiry hands the lease to
 * the other; a holder that stops releases at once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { openSqliteStore } from "../store/sqlite";
import type { Store } from "../store/store";
import { createLeases, LEASE_NAMES } from "./leases";

const TTL = 15_000;
let dir: string;
let stores: Store[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-leases-"));
  stores = [await openSqliteStore(dir), await openSqliteStore(dir)];
});
afterEach(async () => {
  for (const store of stores) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function twoNodes() {
  const clock = manualClock();
  const [storeA, storeB] = stores as [Store, Store];
  const a = createLeases({ store: storeA, clock, shared: true, ttlMs: TTL, owner: "node-a" });
  const b = createLeases({ store: storeB, clock, shared: true, ttlMs: TTL, owner: "node-b" });
  return { clock, a, b, storeB };
}

describe("the lease store", () => {
  it("lets one owner take a lease, refuses another until it expires, then hands it over", async () => {
    const [store] = stores as [Store];
    const t = 1_000_000;
    expect(await store.acquireLease("watchdog", "a", t, t + 100)).toBe(true);
    expect(await store.acquireLease("watchdog", "b", t + 50, t + 150)).toBe(false);
    // Renewing is taking it again as its owner.
    expect(await store.acquireLease("watchdog", "a", t + 60, t + 160)).toBe(true);
    expect(await store.leaseOwner("watchdog", t + 159)).toBe("a");
    // Expired at its expiry exactly.
    expect(await store.leaseOwner("watchdog", t + 160)).toBeNull();
    expect(await store.acquireLease("watchdog", "b", t + 160, t + 260)).toBe(true);
    expect(await store.acquireLease("watchdog", "a", t + 161, t + 261)).toBe(false);
    await store.releaseLease("watchdog", "a");
    expect(await store.leaseOwner("watchdog", t + 170)).toBe("b");
    await store.releaseLease("watchdog", "b");
    expect(await store.leaseOwner("watchdog", t + 170)).toBeNull();
  });
});

describe("leases of two nodes sharing a database", () => {
  it("one holds every lease, the other waits", async () => {
    const { a, b } = twoNodes();
    expect(await a.renew()).toEqual([...LEASE_NAMES]);
    expect(await b.renew()).toEqual([]);
    expect(LEASE_NAMES.map((name) => [a.held(name), b.held(name)])).toEqual(
      LEASE_NAMES.map(() => [true, false]),
    );
  });

  it("a holder that renews keeps them; one that stops renewing loses them to the other at expiry", async () => {
    const { clock, a, b, storeB } = twoNodes();
    await a.renew();
    await b.renew();
    // A renews every third of the TTL: B never gets in.
    for (let i = 0; i < 6; i += 1) {
      clock.advance(TTL / 3);
      expect(await a.renew()).toHaveLength(LEASE_NAMES.length);
      expect(await b.renew()).toEqual([]);
    }
    // A stops renewing (it died, or lost the database). It stops starting work a third of the TTL
    // before the lease expires, so the two never work at once even with clocks that far apart.
    clock.advance(TTL - TTL / 3);
    expect(a.held("watchdog")).toBe(false);
    expect(await b.renew()).toEqual([]);
    expect(await storeB.leaseOwner("watchdog", clock.now())).toBe("node-a");
    clock.advance(TTL / 3);
    expect(await b.renew()).toEqual([...LEASE_NAMES]);
    expect(b.held("watchdog")).toBe(true);
    expect(await storeB.leaseOwner("watchdog", clock.now())).toBe("node-b");
    // A comes back: B holds them now, and A waits.
    expect(await a.renew()).toEqual([]);
    expect(a.held("retention")).toBe(false);
  });

  it("a node that stops releases its leases, so the other takes them without waiting for expiry", async () => {
    const { clock, a, b } = twoNodes();
    await a.renew();
    expect(await b.renew()).toEqual([]);
    await a.stop();
    expect(a.held("alert-outbox")).toBe(false);
    clock.advance(1);
    expect(await b.renew()).toEqual([...LEASE_NAMES]);
  });

  it("with one node (not shared) every lease is held and the database is never asked", async () => {
    const [store] = stores as [Store];
    const clock = manualClock();
    const other = createLeases({ store, clock, shared: true, ttlMs: TTL, owner: "other" });
    expect(await other.renew()).toHaveLength(LEASE_NAMES.length);
    const single = createLeases({ store, clock, shared: false, owner: "single" });
    expect(await single.renew()).toEqual([...LEASE_NAMES]);
    expect(LEASE_NAMES.every((name) => single.held(name))).toBe(true);
    await single.stop();
    // The rows are untouched: "single" never wrote or released anything.
    expect(await store.leaseOwner("rollups", clock.now())).toBe("other");
  });
});
