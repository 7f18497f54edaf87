/**
 * Ingest, side by side: Runwatch against the two bare `node:http` baselines
 * (read the body; verify the signature and `JSON.parse`), each taking fresh
 * distinct signed deliveries over the same number of keep-alive connections,
 * in alternating rounds (read, verify+parse, Runwatch, read, …) so drift of
 * a shared machine falls on all three alike. Then Runwatch alone at 70% of
 * the rate it just sustained, open-loop, for the acknowledgement latency a
 * server that is not saturated gives.
 */
import type { ChildServer } from "./child";
import { deliveryStream } from "./deliveries";
import { closedLoop, openLoop, type LoadResult } from "./load-client";
import { ticker } from "./progress";
import { startHealthProbe } from "./runtime";
import { latencyOf, type Latency } from "./stats";

/** One side of the comparison, over all its rounds. */
export interface SideResult {
  name: string;
  /** Acknowledged deliveries per second, over all rounds. */
  perSecond: number;
  /** Each round's rate. */
  rounds: number[];
  latency: Latency;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  meanBytes: number;
}

/** What `compareIngest` measured. */
export interface IngestComparison {
  connections: number;
  roundMs: number;
  read: SideResult;
  verifyParse: SideResult;
  runwatch: SideResult;
  /** `GET /healthz` latency while Runwatch took deliveries. */
  healthz: Latency;
  /** Runwatch open-loop at `rate` (70% of its rate above): latency from when each delivery was due. */
  openLoop: { rate: number; latency: Latency; ok: number; failed: number; healthz: Latency };
}

/** Options of the comparison. */
export interface CompareOptions {
  runwatch: ChildServer;
  read: ChildServer;
  verifyParse: ChildServer;
  rounds: number;
  roundMs: number;
  connections: number;
  /** Distinct job ids: each side's stream starts here plus its own offset. */
  firstJobId: number;
  log: (line: string) => void;
}

const WEBHOOK_PATH = "/api/v1/webhooks/github";

function side(name: string, loads: LoadResult[]): SideResult {
  const latencies = loads.flatMap((l) => l.latencies);
  const ok = loads.reduce((s, l) => s + l.ok, 0);
  const ms = loads.reduce((s, l) => s + l.elapsedMs, 0);
  const statuses: Record<string, number> = {};
  for (const l of loads)
    for (const [status, n] of Object.entries(l.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return {
    name,
    perSecond: ms > 0 ? (ok * 1000) / ms : 0,
    rounds: loads.map((l) => (l.elapsedMs > 0 ? (l.ok * 1000) / l.elapsedMs : 0)),
    latency: latencyOf(latencies),
    ok,
    failed: loads.reduce((s, l) => s + l.failed, 0),
    statuses,
    meanBytes: latencies.length ? loads.reduce((s, l) => s + l.bytes, 0) / latencies.length : 0,
  };
}

/** Runs the alternating rounds, then the open-loop test at 70% of Runwatch's rate. */
export async function compareIngest(options: CompareOptions): Promise<IngestComparison> {
  const { connections, roundMs } = options;
  const targets = [
    { name: "read body", server: options.read, offset: 0 },
    { name: "verify + parse", server: options.verifyParse, offset: 100_000_000 },
    { name: "Runwatch", server: options.runwatch, offset: 200_000_000 },
  ].map((t) => ({
    ...t,
    url: `${t.server.url}${WEBHOOK_PATH}`,
    stream: deliveryStream({
      firstJobId: options.firstJobId + t.offset,
      firstRunId: options.firstJobId + t.offset,
    }),
    loads: [] as LoadResult[],
  }));
  const health: number[] = [];
  const tick = ticker("ingest");
  // Untimed warm-up: JIT, connection pools, SQLite's page cache.
  for (const t of targets)
    await closedLoop({ url: t.url, connections, durationMs: 1_000, next: () => t.stream.next() });
  for (let round = 1; round <= options.rounds; round++) {
    for (const t of targets) {
      const probe = t.server === options.runwatch ? startHealthProbe(t.server.url) : null;
      const load = await closedLoop({
        url: t.url,
        connections,
        durationMs: roundMs,
        next: () => t.stream.next(),
        onProgress: (n) =>
          tick.update(`round ${round}/${options.rounds}, ${t.name}: ${n.toLocaleString("en-US")}`),
      });
      if (probe) health.push(...(await probe.stop()));
      t.loads.push(load);
      tick.done();
      options.log(
        `  round ${round} ${t.name}: ${Math.round((load.ok * 1000) / load.elapsedMs).toLocaleString("en-US")} /s` +
          (load.failed ? `, ${load.failed} failed (${JSON.stringify(load.statuses)})` : ""),
      );
    }
  }
  const [read, verifyParse, runwatch] = targets.map((t) => side(t.name, t.loads)) as [
    SideResult,
    SideResult,
    SideResult,
  ];

  // 70% of the rate Runwatch just sustained, open-loop.
  const rate = Math.max(1, Math.round(runwatch.perSecond * 0.7));
  const rw = targets[2] as (typeof targets)[number];
  const probe = startHealthProbe(options.runwatch.url);
  const open = await openLoop({
    url: rw.url,
    rate,
    durationMs: roundMs,
    maxSockets: 256,
    next: () => rw.stream.next(),
    onProgress: (n) => tick.update(`${rate}/s open-loop: ${n.toLocaleString("en-US")}`),
  });
  const openHealth = await probe.stop();
  tick.done();
  options.log(`  open-loop at ${rate}/s: p99 ${latencyOf(open.latencies).p99.toFixed(1)} ms`);
  return {
    connections,
    roundMs,
    read,
    verifyParse,
    runwatch,
    healthz: latencyOf(health),
    openLoop: {
      rate,
      latency: latencyOf(open.latencies),
      ok: open.ok,
      failed: open.failed,
      healthz: latencyOf(openHealth),
    },
  };
}
