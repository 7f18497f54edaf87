/**
 * The metrics slice bound to a caller's team scope: every read that takes a
 * `DimensionFilter` gets the scope added, so a metrics route hands its
 * functions this store and cannot forget the scope in one of them.
 */
import type { TeamScope } from "../../lib/teams";
import type { DimensionFilter } from "./metric-scan";
import type { MetricsStore } from "./metrics-store";

/** `store` with `scope` added to every filter; `store` itself when `scope` is null. */
export function scopedMetrics<S extends MetricsStore>(store: S, scope: TeamScope): S {
  // Null adds nothing: an unscoped filter must stay answerable from roll-ups.
  if (scope === null) return store;
  const add = (filter: DimensionFilter): DimensionFilter => ({ ...filter, scope });
  const scoped: MetricsStore = {
    refreshMetrics: () => store.refreshMetrics(),
    aggregateWindow: (filter, ...rest) => store.aggregateWindow(add(filter), ...rest),
    aggregateBuckets: (filter, ...rest) => store.aggregateBuckets(add(filter), ...rest),
    countActiveJobs: (filter) => store.countActiveJobs(add(filter)),
    failureGroups: (filter, ...rest) => store.failureGroups(add(filter), ...rest),
    finishedFacts: (filter, ...rest) => store.finishedFacts(add(filter), ...rest),
    workflowStats: (filter, ...rest) => store.workflowStats(add(filter), ...rest),
    runsOnBranches: (filter, ...rest) => store.runsOnBranches(add(filter), ...rest),
    waitingJobs: (filter) => store.waitingJobs(add(filter)),
    runnerActivity: (filter, ...rest) => store.runnerActivity(add(filter), ...rest),
  };
  return { ...store, ...scoped };
}
