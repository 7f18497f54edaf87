/**
 * Hosted usage (`GET /api/v1/usage`) and setting a pool's runner kind
 * (`PUT /api/v1/pools/{pool}/kind`), with their cache keys.
 */
import { queryOptions } from "@tanstack/react-query";
import type { RunnerKind } from "@/lib/runner";
import type { UsageResponse } from "@/lib/usage";
import { apiFetch } from "./api-client";

/** Query keys of usage. */
export const usageKeys = {
  all: ["usage"] as const,
  window: (window: string, kind: "hosted" | "all") => ["usage", window, kind] as const,
};

/** Job minutes and cost per pool and repository over `window`. */
export const usageQuery = (window: string, kind: "hosted" | "all" = "hosted") =>
  queryOptions({
    queryKey: usageKeys.window(window, kind),
    queryFn: ({ signal }) =>
      apiFetch<UsageResponse>(`/api/v1/usage?window=${encodeURIComponent(window)}&kind=${kind}`, { signal }),
    // Minutes change as jobs finish; a minute-old figure is fine for a cost panel.
    staleTime: 60_000,
  });

/** Sets (null: clears) the kind of a runner pool (admin). */
export function setPoolKind(pool: string, kind: RunnerKind | null): Promise<unknown> {
  return apiFetch(`/api/v1/pools/${encodeURIComponent(pool)}/kind`, { method: "PUT", body: { kind } });
}
