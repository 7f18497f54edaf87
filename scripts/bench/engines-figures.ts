/**
 * The engines section's figures: each set-up's ingest rate and push latency,
 * PostgreSQL + Redis against SQLite, and two nodes against one (issue 16).
 * For the record, no target: on a 2-core machine the two-node figure shows
 * the nodes work together, not how they scale (README "Deployment").
 */
import type { EngineRun, EnginesResults } from "./engines";
import { figure, notMeasured, type Figure } from "./figures";

const SECTION = "engines";
const SQLITE = "SQLite, 1 node";
const PG_ONE = "PostgreSQL + Redis, 1 node";
const PG_TWO = "PostgreSQL + Redis, 2 nodes";

/** Each set-up's baseline: SQLite for one PostgreSQL node, one PostgreSQL node for two. */
const BASELINE: Record<string, string | undefined> = { [PG_ONE]: SQLITE, [PG_TWO]: PG_ONE };

/** The figures of `results`, three per set-up, in the order measured. */
export function engineFigures(results: EnginesResults): Figure[] {
  const runs = new Map<string, EngineRun>();
  const errors = new Map<string, string>();
  for (const { name, outcome } of results.runs)
    if (outcome.ok) runs.set(name, outcome.value);
    else errors.set(name, outcome.error);
  const out: Figure[] = [];
  for (const name of [SQLITE, PG_ONE, PG_TWO]) {
    const run = runs.get(name);
    const base = runs.get(BASELINE[name] ?? "");
    const vs = BASELINE[name] ? ` (baseline: ${BASELINE[name]})` : "";
    if (!run) {
      const reason =
        name !== SQLITE && results.skipped !== null
          ? `skipped: ${results.skipped}`
          : (errors.get(name)?.slice(0, 120) ?? "not run");
      out.push(notMeasured({ section: SECTION, name: `${name}: deliveries/s`, unit: "/s", reason }));
      continue;
    }
    out.push(
      figure({
        section: SECTION,
        name: `${name}: deliveries/s${vs}`,
        value: run.perSecond,
        unit: "/s",
        baseline: base?.perSecond ?? null,
        note: `${results.connections} connections${run.nodes > 1 ? ` split over ${run.nodes} nodes` : ""}; p99 ack ${run.ackLatency.p99.toFixed(0)} ms; ${run.failed} failed`,
      }),
    );
    const push = run.push.ok ? run.push.value : null;
    const basePush = base?.push.ok ? base.push.value : null;
    const where =
      run.nodes > 1 ? "webhooks to node 1, dashboards on node 2" : "webhooks and dashboards on one node";
    if (!push) {
      const reason = run.push.ok ? "" : run.push.error.slice(0, 120);
      out.push(notMeasured({ section: SECTION, name: `${name}: push p50`, unit: "ms", reason }));
      continue;
    }
    out.push(
      figure({
        section: SECTION,
        name: `${name}: push p50${vs}`,
        value: push.latency.p50,
        unit: "ms",
        baseline: basePush?.latency.p50 ?? null,
        note: `${results.dashboards} dashboards, ${run.pushRate} webhooks/s; ${where}`,
      }),
      figure({
        section: SECTION,
        name: `${name}: push p99${vs}`,
        value: push.latency.p99,
        unit: "ms",
        baseline: basePush?.latency.p99 ?? null,
        note: `delivered ${push.deliveredPct.toFixed(2)}%`,
      }),
    );
  }
  return out;
}
