/**
 * The webhook-source health query (`GET /api/v1/sources`) and its cache key.
 * The live hook ({@link useLiveSources}) patches exactly this key.
 */
import { queryOptions } from "@tanstack/react-query";
import type { DeliveryStats, SourceHealth, SourceListResponse } from "@/lib/sources";
import { apiFetch } from "./api-client";

/** Query keys of the source list. */
export const sourceKeys = {
  all: ["sources"] as const,
  list: () => ["sources", "list"] as const,
};

/** `GET /api/v1/sources`: all five sources, configured or not. */
export function fetchSources(signal?: AbortSignal): Promise<SourceListResponse> {
  return apiFetch<SourceListResponse>("/api/v1/sources", { signal });
}

/** Every source's health. */
export const sourceListQuery = () =>
  queryOptions({
    queryKey: sourceKeys.list(),
    queryFn: ({ signal }) => fetchSources(signal),
  });

const later = (a: string | null, b: string | null) =>
  a && b ? (Date.parse(a) >= Date.parse(b) ? a : b) : (a ?? b);

/**
 * Patches delivery stats into the cached sources (counts, last-delivery
 * times), keeping what only the list knows (configured, path, lost jobs).
 * Counts only grow, so stale stats (lower totals) are ignored.
 * Returns the same object when nothing changed.
 */
export function patchSourceStats(
  list: SourceListResponse,
  stats: Iterable<DeliveryStats>,
): SourceListResponse {
  let items: SourceListResponse["items"] | null = null;
  for (const incoming of stats) {
    const current = items ?? list.items;
    const index = current.findIndex((item) => item.source === incoming.source);
    if (index < 0) continue;
    const cached = current[index]!;
    const total = (counts: DeliveryStats["counts"]) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (total(incoming.counts) < total(cached.counts)) continue;
    items ??= [...list.items];
    items[index] = {
      ...cached,
      counts: { ...cached.counts, ...incoming.counts },
      lastDeliveryAt: later(cached.lastDeliveryAt, incoming.lastDeliveryAt),
      lastAcceptedAt: later(cached.lastAcceptedAt, incoming.lastAcceptedAt),
      lastRefusedAt: later(cached.lastRefusedAt, incoming.lastRefusedAt),
    };
  }
  return items ? { ...list, items } : list;
}

/** A configured source that accepted nothing for longer than this is flagged silent. */
export const SILENT_AFTER_MS = 60 * 60 * 1000;

/**
 * How long a configured source has gone without accepting a delivery, when
 * that is longer than {@link SILENT_AFTER_MS}; otherwise (or when it never
 * accepted one, or `now` is unknown) null.
 */
export function silentForMs(
  source: Pick<SourceHealth, "configured" | "lastAcceptedAt">,
  now: number,
): number | null {
  if (!source.configured || !source.lastAcceptedAt || now <= 0) return null;
  const silence = now - Date.parse(source.lastAcceptedAt);
  return silence > SILENT_AFTER_MS ? silence : null;
}
