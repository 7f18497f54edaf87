/**
 * Merges of whole days of daily roll-ups, kept between calls. A past day's
 * roll-up changes only when `refreshDays` rebuilds it (a late or corrected
 * event, a purge), so the workflow page's 28-day baseline need not re-read
 * and re-parse thousands of daily rows on every load. An entry is dropped
 * when a day inside its range is rebuilt here, and everything is dropped when
 * another connection (the CLI beside the server) has committed, which
 * SQLite's `data_version` tells. PostgreSQL has no such cheap counter and
 * other nodes rebuild days too, so there nothing is kept: every read loads.
 */
import { sql, type Kysely } from "kysely";
import { isPostgres } from "./dialect";
import type { Database } from "./schema";

/** Ranges kept (each a merge per workflow: about a kilobyte per workflow). */
const ENTRIES = 16;

interface Entry {
  fromDay: number;
  toDay: number;
  value: unknown;
}

/** A small cache of values computed from the daily roll-ups of days [fromDay, toDay). */
export interface DayCache {
  /**
   * The value kept under `key` for days [fromDay, toDay), or `load`'s, then kept. Callers must
   * not change the value they get: it is shared.
   */
  read<T>(key: string, fromDay: number, toDay: number, load: () => Promise<T>): Promise<T>;
  /** Drops every value whose days include `day` (called when the day is rebuilt). */
  forget(day: number): void;
}

/** A day cache over `db`. */
export function createDayCache(db: Kysely<Database>): DayCache {
  const entries = new Map<string, Entry>();
  let version: number | null = null;
  // Bumped by every `forget`: a value loaded while a day was being rebuilt is not kept.
  let forgets = 0;
  const shared = isPostgres(db);
  return {
    async read<T>(key: string, fromDay: number, toDay: number, load: () => Promise<T>): Promise<T> {
      if (shared) return load();
      const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
      const now = Number(rows[0]?.data_version);
      if (now !== version) entries.clear();
      version = now;
      const id = `${key}\u0000${fromDay}\u0000${toDay}`;
      const found = entries.get(id);
      if (found) return found.value as T;
      const before = forgets;
      const value = await load();
      if (before !== forgets) return value;
      if (entries.size >= ENTRIES) entries.delete(entries.keys().next().value ?? "");
      entries.set(id, { fromDay, toDay, value });
      return value;
    },
    forget(day) {
      forgets += 1;
      for (const [id, entry] of entries) if (day >= entry.fromDay && day < entry.toDay) entries.delete(id);
    },
  };
}
