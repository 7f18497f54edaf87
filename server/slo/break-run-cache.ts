/**
 * The default-branch runs a time_to_green evaluation reads, kept between
 * evaluations and topped up instead of re-read: each tick reads only what
 * changed since the last one (plus an overlap), where a full read fetched up
 * to 200,000 runs of four weeks and more on every tick of every such SLO.
 *
 * Correctness against a full read: a run that changes again appears once, at
 * its newest change (its older entry is dropped); a change stored late with an
 * older time than the last read is seen when it falls within the overlap, and
 * in any case at the next full read (hourly), which also forgets a run that
 * went back to running (a re-run), as a full read does not list it.
 */
import type { SloStore } from "../store/store";
import type { VerdictRun } from "../store/slo-store";

/** Re-read on each top-up: changes stored late with a time up to this far back are still seen. */
export const OVERLAP_MS = 15 * 60_000;
/** A full read at least this often, whatever the top-ups saw. */
export const FULL_READ_MS = 60 * 60_000;

/** Reads kept per window. */
export interface BreakRunCache {
  /**
   * Runs on `branches` that finished in `(from, now]`, oldest first, at most
   * `limit` (as `sloVerdictRuns`), answered from the cache topped up with the
   * runs changed since the last read. `key` names the reader (runs are kept per key).
   */
  read(
    key: string,
    branches: readonly string[],
    from: number,
    now: number,
    limit: number,
  ): Promise<VerdictRun[]>;
  /** Reads since creation: [full, top-up] (for tests and the profile). */
  readonly reads: { full: number; topUp: number };
}

interface Kept {
  runs: VerdictRun[];
  ids: Set<string>;
  /** `now` of the last read. */
  readTo: number;
  fullAt: number;
  from: number;
  branches: string;
}

/** Creates an empty cache over the store. */
export function createBreakRunCache(store: Pick<SloStore, "sloVerdictRuns">): BreakRunCache {
  const kept = new Map<string, Kept>();
  const reads = { full: 0, topUp: 0 };

  const full = async (key: string, branches: readonly string[], from: number, now: number, limit: number) => {
    reads.full += 1;
    const runs = await store.sloVerdictRuns(branches, from, now, limit);
    kept.set(key, {
      runs,
      ids: new Set(runs.map((r) => r.id)),
      readTo: now,
      fullAt: now,
      from,
      branches: branches.join("\n"),
    });
    return runs;
  };

  return {
    reads,
    async read(key, branches, from, now, limit) {
      const k = kept.get(key);
      // A clock that went back, a window that grew, other branches, or an hour gone: read it all.
      if (
        !k ||
        now < k.readTo ||
        from < k.from ||
        k.branches !== branches.join("\n") ||
        now - k.fullAt >= FULL_READ_MS
      )
        return full(key, branches, from, now, limit);
      reads.topUp += 1;
      const cutoff = Math.max(from, k.readTo - OVERLAP_MS);
      const fresh = await store.sloVerdictRuns(branches, cutoff, now, limit);
      if (fresh.length >= limit) return full(key, branches, from, now, limit);
      // The overlap is read again whole: drop what the cache holds there, then append the fresh runs.
      let runs = k.runs;
      while (runs.length > 0 && runs[runs.length - 1]!.at > cutoff) k.ids.delete(runs.pop()!.id);
      // A run that changed again moves to its newest change.
      if (fresh.some((r) => k.ids.has(r.id))) {
        const moved = new Set(fresh.map((r) => r.id));
        runs = runs.filter((r) => !moved.has(r.id));
      }
      for (const r of fresh) {
        runs.push(r);
        k.ids.add(r.id);
      }
      // Forget what left the window.
      let start = 0;
      while (start < runs.length && runs[start]!.at <= from) k.ids.delete(runs[start++]!.id);
      if (start > 0) runs = runs.slice(start);
      // Past the limit a full read keeps the oldest `limit`: let it decide which.
      if (runs.length > limit) return full(key, branches, from, now, limit);
      k.runs = runs;
      k.readTo = now;
      k.from = from;
      return runs;
    },
  };
}
