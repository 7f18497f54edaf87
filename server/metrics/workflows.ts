/**
 * `GET /metrics/workflows`: per workflow, success rate and build time over
 * the window against the baseline window just before it (regressions), and
 * MTTR on the default branch, measured on runs (first failed run → next
 * successful run). Percentiles are nearest-rank within the sketch's 0.5%,
 * merged from daily roll-ups per workflow (see `workflowStats`).
 */
import type { z } from "zod";
import {
  durationMs,
  type WorkflowHealth,
  type WorkflowsResponse,
  type workflowsQuerySchema,
} from "../../lib/metrics";
import { meanTimeToRecovery, type Recovery } from "../domain/reliability";
import { successRate } from "../domain/metric-aggregate";
import type { MetricsStore } from "../store/store";
import { dimensions } from "./summary";
import { iso, windowRange } from "./window";

/** Branches MTTR is measured on when the caller names none. */
export const DEFAULT_BRANCHES = ["main", "master"];

/** A regression needs at least this many timed jobs on each side. */
const MIN_SAMPLE = 5;

const growth = (now: number | null, before: number | null) =>
  now === null || before === null || before <= 0 ? null : now / before - 1;

/** Health of every workflow with jobs in the window. */
export async function metricsWorkflows(
  store: MetricsStore,
  query: z.infer<typeof workflowsQuerySchema>,
  now: number,
): Promise<WorkflowsResponse> {
  const { baseline, threshold, defaultBranch, limit, ...rest } = query;
  const filter = dimensions(rest);
  const { from, to } = windowRange(query.window, now);
  const baselineFrom = from - (durationMs(baseline) ?? 0);
  await store.refreshMetrics();
  const [recent, before, runs] = await Promise.all([
    store.workflowStats(filter, from, to),
    store.workflowStats(filter, baselineFrom, from),
    store.runsOnBranches(filter, defaultBranch ? [defaultBranch] : DEFAULT_BRANCHES, from, to),
  ]);
  const recoveries = new Map<string, Recovery>();
  for (const r of meanTimeToRecovery(runs.map((run) => ({ ...run, name: "" }))))
    recoveries.set(JSON.stringify([r.repo, r.workflow]), r);
  const health: WorkflowHealth[] = [...recent].map(([key, t]) => {
    const base = before.get(key);
    const { p50, p95 } = t;
    const baseP50 = base?.p50 ?? null;
    const baseP95 = base?.p95 ?? null;
    const change = { p50: growth(p50, baseP50), p95: growth(p95, baseP95) };
    const comparable = t.timed >= MIN_SAMPLE && (base?.timed ?? 0) >= MIN_SAMPLE;
    const recovery = recoveries.get(key);
    return {
      repo: t.repo,
      workflow: t.workflow,
      total: t.success + t.failure + t.timed_out,
      successRate: successRate(t),
      p50,
      p95,
      baseline: {
        total: base ? base.success + base.failure + base.timed_out : 0,
        p50: baseP50,
        p95: baseP95,
      },
      change,
      regression: comparable && Math.max(change.p50 ?? 0, change.p95 ?? 0) > threshold,
      mttrMs: recovery?.mttrMs ?? null,
      recoveries: recovery?.recoveries ?? 0,
      failingSince: recovery?.failingSince ?? null,
    };
  });
  const worst = (w: WorkflowHealth) => Math.max(w.change.p50 ?? 0, w.change.p95 ?? 0);
  return {
    window: query.window,
    baseline,
    from: iso(from),
    to: iso(now),
    threshold,
    slowest: [...health].sort((a, b) => (b.p95 ?? -1) - (a.p95 ?? -1)).slice(0, limit),
    leastReliable: health
      .filter((w) => w.successRate !== null)
      .sort((a, b) => (a.successRate ?? 0) - (b.successRate ?? 0) || b.total - a.total)
      .slice(0, limit),
    regressions: health
      .filter((w) => w.regression)
      .sort((a, b) => worst(b) - worst(a))
      .slice(0, limit),
    // Failing now first (longest failing first), then the slowest to recover.
    recovery: [...recoveries.values()]
      .sort(
        (a, b) =>
          (a.failingSince ?? "~").localeCompare(b.failingSince ?? "~") || (b.mttrMs ?? -1) - (a.mttrMs ?? -1),
      )
      .slice(0, limit),
  };
}
