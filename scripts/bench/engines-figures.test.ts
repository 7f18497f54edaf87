import { describe, expect, it } from "vitest";
import type { EngineRun, EnginesResults } from "./engines";
import { pushRate } from "./engines";
import { engineFigures } from "./engines-figures";
import type { PushResult } from "./push-run";
import { latencyOf } from "./stats";

const push = (p50: number, p99: number): PushResult => ({
  dashboards: 100,
  rate: 50,
  durationMs: 4_000,
  acknowledged: 200,
  failed: 0,
  latency: { ...latencyOf([p50]), p50, p99 },
  deliveredPct: 100,
  expected: 20_000,
  received: 20_000,
  rssConnectedMb: null,
  rssPeakMb: null,
  connectMs: 500,
  healthz: latencyOf([1]),
  clientCpuPct: 10,
});

const run = (name: string, nodes: number, perSecond: number, p50: number): EngineRun => ({
  name,
  nodes,
  perSecond,
  ackLatency: latencyOf([10, 20]),
  failed: 0,
  statuses: { "202": 100 },
  pushRate: 50,
  push: { ok: true, value: push(p50, p50 * 4) },
});

describe("engineFigures", () => {
  it("compares one PostgreSQL node with SQLite, and two nodes with one", () => {
    const results: EnginesResults = {
      connections: 32,
      dashboards: 100,
      skipped: null,
      runs: [
        { name: "SQLite, 1 node", outcome: { ok: true, value: run("SQLite, 1 node", 1, 1000, 4) } },
        {
          name: "PostgreSQL + Redis, 1 node",
          outcome: { ok: true, value: run("PostgreSQL + Redis, 1 node", 1, 500, 6) },
        },
        {
          name: "PostgreSQL + Redis, 2 nodes",
          outcome: { ok: true, value: run("PostgreSQL + Redis, 2 nodes", 2, 750, 9) },
        },
      ],
    };
    const rows = engineFigures(results).map((f) => [f.name, f.value, f.baseline, f.ratio]);
    expect(rows).toEqual([
      ["SQLite, 1 node: deliveries/s", 1000, null, null],
      ["SQLite, 1 node: push p50", 4, null, null],
      ["SQLite, 1 node: push p99", 16, null, null],
      ["PostgreSQL + Redis, 1 node: deliveries/s (baseline: SQLite, 1 node)", 500, 1000, 0.5],
      ["PostgreSQL + Redis, 1 node: push p50 (baseline: SQLite, 1 node)", 6, 4, 1.5],
      ["PostgreSQL + Redis, 1 node: push p99 (baseline: SQLite, 1 node)", 24, 16, 1.5],
      ["PostgreSQL + Redis, 2 nodes: deliveries/s (baseline: PostgreSQL + Redis, 1 node)", 750, 500, 1.5],
      ["PostgreSQL + Redis, 2 nodes: push p50 (baseline: PostgreSQL + Redis, 1 node)", 9, 6, 1.5],
      ["PostgreSQL + Redis, 2 nodes: push p99 (baseline: PostgreSQL + Redis, 1 node)", 36, 24, 1.5],
    ]);
  });

  it("says why the shared-engine runs are missing when they were skipped", () => {
    const figures = engineFigures({
      connections: 32,
      dashboards: 100,
      skipped: "redis-server is not installed",
      runs: [{ name: "SQLite, 1 node", outcome: { ok: true, value: run("SQLite, 1 node", 1, 1000, 4) } }],
    });
    expect(figures.slice(3).map((f) => [f.name, f.verdict, f.note])).toEqual([
      ["PostgreSQL + Redis, 1 node: deliveries/s", "not measured", "skipped: redis-server is not installed"],
      ["PostgreSQL + Redis, 2 nodes: deliveries/s", "not measured", "skipped: redis-server is not installed"],
    ]);
  });
});

describe("pushRate", () => {
  it("is half the sustained rate, from 5 to 100 webhooks a second", () => {
    expect([pushRate(0), pushRate(86), pushRate(150), pushRate(2_000)]).toEqual([5, 43, 75, 100]);
  });
});
