/**
 * First data rendered on the server: a page names the queries its first
 * screen shows (the same query options its client components use), they are
 * read in process as the signed-in request, and the answers reach the
 * browser's cache through a `HydrationBoundary`. The rows are then in the
 * HTML, and the browser does not ask for them again. A query that fails here
 * (signed out, a 4xx, a slow read) is simply left out: the browser fetches it
 * as before and shows its own error or empty state.
 */
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { ReactNode } from "react";

/**
 * Starts the page's first reads on `client` (`client.prefetchQuery(…)`,
 * `client.prefetchInfiniteQuery(…)` with the query options its client
 * components use) and returns their promises.
 */
export type PrefetchLoad = (client: QueryClient) => Promise<void>[];

/**
 * Above this the page is sent without the data (the browser fetches it):
 * first rows in under a second must not wait on one slow read.
 */
export const PREFETCH_BUDGET_MS = 400;

/**
 * Runs `load` in process (its reads at once, within {@link PREFETCH_BUDGET_MS})
 * and returns the cache state to hydrate: only the answers that succeeded.
 */
export async function prefetchState(load: PrefetchLoad) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });
  const reads = Promise.allSettled(load(client));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PREFETCH_BUDGET_MS);
  });
  await Promise.race([reads, budget]);
  clearTimeout(timer);
  // Only finished, successful queries are sent; one still in flight is the browser's to fetch.
  return dehydrate(client, { shouldDehydrateQuery: (query) => query.state.status === "success" });
}

/** Props of {@link Prefetch}. */
export interface PrefetchProps {
  load: PrefetchLoad;
  children: ReactNode;
}

/** Server component: renders `children` with what `load` read already in their cache. */
export async function Prefetch({ load, children }: PrefetchProps) {
  const state = await prefetchState(load);
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}
