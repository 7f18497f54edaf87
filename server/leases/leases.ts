/**
 * Once across nodes: background work that N nodes sharing one database must
 * not all do (roll-up rebuilds, retention, alert ticks, the alert outbox, the
 * lost-job watchdog) runs only on the node holding that work's lease. Each
 * loop asks `held(name)` before a run — a synchronous look at what this node
 * last managed to renew, so no loop pays a database round trip — and a
 * keeper renews every lease every third of its time to live. A node that
 * stops renewing (killed, cut off from the database) loses its leases when
 * they expire, and another node's next renewal takes them over; a node that
 * shuts down releases them at once.
 *
 * Safety margin: a holder treats a lease as lost a third of the TTL before its
 * expiry, so it stops starting work before any other node may take over, even
 * with clocks up to that far apart. A run already under way when that happens
 * finishes (every such loop is safe to repeat: the work it does is idempotent
 * or claimed row by row).
 *
 * With one node (the SQLite store) there is no one to share with: every lease
 * is always held and the database is never asked.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Clock } from "../domain/clock";
import type { LeaseStore } from "../store/store";

/** Every lease, one per kind of once-across-nodes work. */
export const LEASE_NAMES = ["rollups", "retention", "alert-ticks", "alert-outbox", "watchdog"] as const;

/** The name of one lease. */
export type LeaseName = (typeof LEASE_NAMES)[number];

/** Default time to live of a lease, ms: how long a dead node's work waits for another. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

/** The leases of one node. */
export interface Leases {
  /** This node's id as stored in the lease rows. */
  readonly owner: string;
  /** Whether this node may start a run of `name`'s work now. Cheap: no database access. */
  held(name: LeaseName): boolean;
  /** Takes or renews every lease it can now; resolves with the names held afterwards. Tests drive this. */
  renew(): Promise<LeaseName[]>;
  /** Renews at once and then every third of the TTL until `stop()`. */
  start(): void;
  /** Stops renewing and releases the leases held, so another node takes over without waiting. */
  stop(): Promise<void>;
}

/** Options of {@link createLeases}. */
export interface LeaseOptions {
  store: LeaseStore;
  clock: Clock;
  /** Whether other nodes share the database: false (one node) holds every lease, always. */
  shared: boolean;
  /** Time to live of a taken or renewed lease, ms (default {@link DEFAULT_LEASE_TTL_MS}). */
  ttlMs?: number;
  /** This node's id (default host name, process id and a random suffix: unique per start). */
  owner?: string;
  /** A renewal that failed (the database is unreachable): the leases lapse on their own. */
  onError?: (error: unknown) => void;
}

/** Creates the leases of this node. Nothing is taken until `renew()` or `start()`. */
export function createLeases(options: LeaseOptions): Leases {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (!options.shared) return alwaysHeld(owner);
  const { store, clock } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const marginMs = Math.floor(ttlMs / 3);
  // Per lease: until when this node may start its work (its expiry less the margin).
  const usableUntil = new Map<LeaseName, number>();
  let timer: NodeJS.Timeout | null = null;
  let renewing: Promise<LeaseName[]> | null = null;

  async function renewAll(): Promise<LeaseName[]> {
    const held: LeaseName[] = [];
    for (const name of LEASE_NAMES) {
      const now = clock.now();
      try {
        if (await store.acquireLease(name, owner, now, now + ttlMs)) {
          usableUntil.set(name, now + ttlMs - marginMs);
          held.push(name);
        } else {
          usableUntil.delete(name);
        }
      } catch (error) {
        // Keep what we had: it still lapses at its own time if renewals keep failing.
        options.onError?.(error);
      }
    }
    return held;
  }

  const renew = () => {
    renewing ??= renewAll().finally(() => {
      renewing = null;
    });
    return renewing;
  };

  return {
    owner,
    held: (name) => (usableUntil.get(name) ?? -Infinity) > clock.now(),
    renew,
    start() {
      if (timer) return;
      void renew();
      timer = setInterval(() => void renew(), marginMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await renewing;
      const names = [...usableUntil.keys()];
      usableUntil.clear();
      for (const name of names) {
        await store.releaseLease(name, owner).catch((error: unknown) => options.onError?.(error));
      }
    },
  };
}

/** One node: every lease is its own, with no database behind it. */
function alwaysHeld(owner: string): Leases {
  return {
    owner,
    held: () => true,
    renew: () => Promise.resolve([...LEASE_NAMES]),
    start: () => undefined,
    stop: () => Promise.resolve(),
  };
}
