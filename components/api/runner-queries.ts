/**
 * The runner registry query (`GET /api/v1/runners`) and its cache key. The
 * live hook ({@link useLiveRunners}) patches exactly this key.
 */
import { queryOptions } from "@tanstack/react-query";
import type { Runner, RunnerListResponse } from "@/lib/runner";
import { apiFetch } from "./api-client";

/** Query keys of the runner registry. */
export const runnerKeys = {
  all: ["runners"] as const,
  list: () => ["runners", "list"] as const,
};

/** `GET /api/v1/runners`: every runner or agent seen. */
export function fetchRunners(signal?: AbortSignal): Promise<RunnerListResponse> {
  return apiFetch<RunnerListResponse>("/api/v1/runners", { signal });
}

/** Every runner, as one list. */
export const runnerListQuery = () =>
  queryOptions({
    queryKey: runnerKeys.list(),
    queryFn: ({ signal }) => fetchRunners(signal),
  });

/**
 * Applies changed runners to the list: replaces each by id (unless the cached
 * one was seen later) or appends it. Returns the same object when nothing changed.
 */
export function patchRunners(list: RunnerListResponse, runners: Iterable<Runner>): RunnerListResponse {
  let items: Runner[] | null = null;
  for (const runner of runners) {
    const current = items ?? list.items;
    const index = current.findIndex((item) => item.id === runner.id);
    if (index >= 0) {
      const cached = current[index]!;
      if (cached === runner || Date.parse(runner.lastSeenAt) < Date.parse(cached.lastSeenAt)) continue;
      items ??= [...list.items];
      items[index] = runner;
    } else {
      items ??= [...list.items];
      items.push(runner);
    }
  }
  return items ? { ...list, items } : list;
}
