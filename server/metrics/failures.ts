/** `GET /metrics/failures` and `GET /metrics/flaky`. */
import type { z } from "zod";
import type {
  FailuresResponse,
  FlakyResponse,
  failuresQuerySchema,
  flakyQuerySchema,
} from "../../lib/metrics";
import { findFlakyJobs } from "../domain/reliability";
import type { MetricsStore } from "../store/store";
import { dimensions } from "./summary";
import { iso, windowRange } from "./window";

/** Failures in the window (and lost jobs now), grouped. */
export async function metricsFailures(
  store: MetricsStore,
  query: z.infer<typeof failuresQuerySchema>,
  now: number,
): Promise<FailuresResponse> {
  const { groupBy, sample, outcome, ...filter } = query;
  const { from, to } = windowRange(query.window, now);
  const { total, groups } = await store.failureGroups(dimensions(filter), from, to, groupBy, sample, outcome);
  return { window: query.window, from: iso(from), to: iso(now), groupBy, outcome, total, groups };
}

/** Jobs that failed and then passed on the same commit, in the window; most flaky first. */
export async function metricsFlaky(
  store: MetricsStore,
  query: z.infer<typeof flakyQuerySchema>,
  now: number,
): Promise<FlakyResponse> {
  const { limit, ...filter } = query;
  const { from, to } = windowRange(query.window, now);
  await store.refreshMetrics();
  const facts = await store.finishedFacts(dimensions(filter), from, to);
  const flaky = findFlakyJobs(facts.map((f) => ({ ...f, finishedAt: iso(f.finishedAt) })));
  flaky.sort(
    (a, b) =>
      b.commits - a.commits || b.flakyFailures - a.flakyFailures || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
  return {
    window: query.window,
    from: iso(from),
    to: iso(now),
    items: flaky.slice(0, limit).map(({ name, ...item }) => ({ ...item, job: name })),
  };
}
