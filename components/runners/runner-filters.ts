"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { JOB_SOURCES, type JobSource } from "@/lib/job";
import { RUNNER_STATUSES, poolOf, type Runner, type RunnerStatus } from "@/lib/runner";

/** Filters of the Runners page; absent ones mean "any". */
export interface RunnerFilters {
  status: RunnerStatus[];
  source?: JobSource;
  /** Case-insensitive substring of the name, group or a label. */
  q?: string;
}

/** A filter key as it appears in the URL. */
export type RunnerFilterKey = "status" | "source" | "q";

/** Reads runner filters from a URL query string, ignoring unknown values and blanks. */
export function runnerFiltersFromSearchParams(search: Pick<URLSearchParams, "get">): RunnerFilters {
  const statuses = new Set((search.get("status") ?? "").split(",").map((s) => s.trim()));
  const filters: RunnerFilters = { status: RUNNER_STATUSES.filter((s) => statuses.has(s)) };
  const source = search.get("source")?.trim();
  if (source && (JOB_SOURCES as readonly string[]).includes(source)) filters.source = source as JobSource;
  const q = search.get("q")?.trim();
  if (q) filters.q = q;
  return filters;
}

/** True when any runner filter is set. */
export function hasRunnerFilters(filters: RunnerFilters): boolean {
  return filters.status.length > 0 || Boolean(filters.source) || Boolean(filters.q);
}

/** True when the runner passes the filters. */
export function matchesRunner(runner: Runner, filters: RunnerFilters): boolean {
  if (filters.status.length > 0 && !filters.status.includes(runner.status)) return false;
  if (filters.source && runner.source !== filters.source) return false;
  if (filters.q) {
    const needle = filters.q.toLowerCase();
    const haystack = [runner.name, runner.group ?? "", ...runner.labels];
    if (!haystack.some((field) => field.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** One label pool and its runners. */
export interface RunnerPoolGroup {
  /** The pool key ({@link poolOf}). */
  pool: string;
  /** The pool's labels, sorted; empty for a pool named by its group. */
  labels: string[];
  runners: Runner[];
  counts: Record<RunnerStatus, number>;
}

const STATUS_RANK: Record<RunnerStatus, number> = { busy: 0, idle: 1, offline: 2 };

/**
 * Groups runners by label pool: pools by name (the unlabelled pool last),
 * runners busy first, then idle, then offline, each by name.
 */
export function groupByPool(runners: readonly Runner[]): RunnerPoolGroup[] {
  const pools = new Map<string, RunnerPoolGroup>();
  for (const runner of runners) {
    const pool = poolOf(runner.labels, runner.group);
    let group = pools.get(pool);
    if (!group) {
      const labels = [...new Set(runner.labels)].sort();
      group = { pool, labels, runners: [], counts: { busy: 0, idle: 0, offline: 0 } };
      pools.set(pool, group);
    }
    group.runners.push(runner);
    group.counts[runner.status]++;
  }
  for (const group of pools.values()) {
    group.runners.sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : 1),
    );
  }
  const unlabelled = poolOf([], null);
  return [...pools.values()].sort(
    (a, b) => Number(a.pool === unlabelled) - Number(b.pool === unlabelled) || a.pool.localeCompare(b.pool),
  );
}

/** What {@link useRunnerFilters} returns. */
export interface RunnerFiltersState {
  filters: RunnerFilters;
  set: (key: RunnerFilterKey, value: string) => void;
  clear: () => void;
}

/**
 * Runner filters kept in the URL query string, so a link reproduces the view.
 * Must render inside `<Suspense>` (it reads `useSearchParams`).
 */
export function useRunnerFilters(): RunnerFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const filters = useMemo(() => runnerFiltersFromSearchParams(new URLSearchParams(search)), [search]);

  const set = useCallback(
    (key: RunnerFilterKey, value: string) => {
      // Read the live URL, not the render's snapshot: a debounced input may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      const trimmed = value.trim();
      if (trimmed) params.set(key, trimmed);
      else params.delete(key);
      const query = params.toString().replaceAll("%2C", ",");
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const clear = useCallback(() => router.replace(pathname, { scroll: false }), [router, pathname]);

  return { filters, set, clear };
}
