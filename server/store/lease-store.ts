/**
 * The lease slice: who runs once-across-nodes background work. A lease is a
 * row (name, owner, expiry); taking and renewing are one upsert that succeeds
 * only when the row is free, expired or already the caller's, so two nodes
 * racing for it cannot both win (the row is the lock, on SQLite and
 * PostgreSQL alike). Expiries are wall-clock ms of the node that wrote them:
 * nodes' clocks must agree to within the holder's safety margin (see
 * `server/leases`).
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** Leases of background work. */
export interface LeaseStore {
  /**
   * Takes lease `name` for `owner` until `expiresAt` when it is free, expired
   * (its expiry at or before `now`) or already held by `owner` (a renewal);
   * resolves true when `owner` holds it now, false when another owner does.
   */
  acquireLease(name: string, owner: string, now: number, expiresAt: number): Promise<boolean>;
  /** Gives lease `name` up at once if `owner` holds it (another node may take it straight away). */
  releaseLease(name: string, owner: string): Promise<void>;
  /** The owner of lease `name` if it is held (not expired) at `now`; null otherwise. */
  leaseOwner(name: string, now: number): Promise<string | null>;
}

/** The lease slice over a Kysely database. */
export function createLeaseStore(db: Kysely<Database>): LeaseStore {
  return {
    async acquireLease(name, owner, now, expiresAt) {
      const row = await db
        .insertInto("leases")
        .values({ name, owner, expires_at: expiresAt })
        .onConflict((conflict) =>
          conflict
            .column("name")
            .doUpdateSet({ owner, expires_at: expiresAt })
            // Otherwise the statement changes nothing and returns no row: someone else holds it.
            .where((eb) => eb.or([eb("leases.owner", "=", owner), eb("leases.expires_at", "<=", now)])),
        )
        .returning("owner")
        .executeTakeFirst();
      return row?.owner === owner;
    },
    async releaseLease(name, owner) {
      await db.deleteFrom("leases").where("name", "=", name).where("owner", "=", owner).execute();
    },
    async leaseOwner(name, now) {
      const row = await db
        .selectFrom("leases")
        .select("owner")
        .where("name", "=", name)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row?.owner ?? null;
    },
  };
}
