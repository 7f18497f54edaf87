/**
 * `npm run bench`: the performance benchmarks of issues 5 and 13. The live
 * path (scripts/bench/live.ts): webhook ingest against bare `node:http`
 * baselines, a burst, a growing run, push to many dashboards, memory and the
 * Live page in Chromium. The metrics API: fills a fresh SQLite store with
 * realistic generated jobs, builds the metric roll-ups, starts the real server
 * and measures the API over keep-alive HTTP against the targets, with the
 * naive way measured in the same run as the baseline and the sketch's
 * percentile error against exact values. The engines section runs the same
 * ingest and push on PostgreSQL + Redis, one node and two, beside SQLite
 * (scripts/bench/engines.ts). Report only: it exits non-zero when
 * something errors (a non-2xx answer), never for a missed target.
 *
 *   npm run bench -- --quick
 *
 * See `npm run bench -- --help`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MetricsSummary, TimeseriesResponse } from "../lib/metrics";
import { openSqliteStore, SQLITE_FILE } from "../server/store/sqlite";
import { seriesAccuracy, summaryAccuracy, type AccuracyCheck } from "./bench/accuracy";
import { benchEtaBacktest } from "./bench/eta-backtest";
import { demoHistoryEtaBacktest, demoLiveEtaBacktest, etaAhead, formatEtaBacktests } from "./bench/eta-demo";
import { endpointCases, seriesRange, type EndpointCase } from "./bench/cases";
import { BenchError, sampleInterleaved, timedGet, timedRun } from "./bench/http";
import { latencyOf } from "./bench/stats";
import { loadJobs, type LoadResult } from "./bench/load";
import type { Figure } from "./bench/figures";
import { runEngines } from "./bench/engines";
import { engineFigures } from "./bench/engines-figures";
import { prepareDashboard, runIngest, runOnStore, type StoreResults } from "./bench/live";
import { ingestFigures, metricsFigure, storeFigures } from "./bench/live-figures";
import { HELP, parseBenchOptions, UsageError, type BenchOptions, type Section } from "./bench/options";
import { openRaw, queryPlan, rawSummary, rawTimeseries, type RawDb } from "./bench/raw";
import {
  formatReport,
  memoryNow,
  writeReport,
  type BenchReport,
  type EndpointResult,
  type Phase,
} from "./bench/report";
import { BENCH_ADMIN_TOKEN, startBenchServer } from "./bench/server";

const HOUR = 3_600_000;
const log = (line: string) => console.log(line);

async function main(options: BenchOptions): Promise<number> {
  const startedAt = new Date();
  const now = startedAt.getTime();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-bench-"));
  const phases: Phase[] = [];
  const phase = async <T>(name: string, run: () => Promise<T>, note: (value: T) => string = () => "") => {
    log(`\n▶ ${name}…`);
    const t0 = performance.now();
    const value = await run();
    const ms = performance.now() - t0;
    phases.push({ name, ms, note: note(value) });
    log(`✔ ${name}: ${(ms / 1000).toFixed(1)} s ${note(value)}`);
    return value;
  };
  const total0 = performance.now();
  const loadStart = os.loadavg();
  const wants = (section: Section) => options.sections.has(section);
  const needsStore = wants("metrics") || wants("push") || wants("browser");
  log(
    `Runwatch benchmark${options.quick ? " (quick)" : ""}: ${[...options.sections].join(", ")}; ` +
      `${os.availableParallelism()} cores, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  try {
    // 0. The dashboard build (timed apart: it is not part of the benchmark's time).
    const { build, dashboard } = await phase(
      "dashboard build check",
      async () => prepareDashboard(options),
      (d) => (d.build && !d.build.ok ? d.build.reason : d.dashboard ? "dashboard served" : "API only"),
    );
    const figures: Figure[] = [];

    // 1. Ingest, on a fresh store, beside the baselines.
    const ingest = wants("ingest")
      ? await phase("ingest (Runwatch vs baselines, burst, growing run)", () =>
          runIngest(options, dashboard, log),
        )
      : undefined;
    if (ingest) figures.push(...ingestFigures(ingest));

    // 1b. The same load on PostgreSQL + Redis, one node and two, beside SQLite (issue 16).
    const engines = wants("engines")
      ? await phase("engines (SQLite, PostgreSQL + Redis, two nodes)", () => runEngines(options, log))
      : undefined;
    if (engines) figures.push(...engineFigures(engines));

    let metrics: MetricsPart = EMPTY_METRICS;
    let store: StoreResults | undefined;
    if (needsStore) {
      // 2. Generate and import, then build the roll-ups, on a store of our own.
      const opened = await openSqliteStore(dataDir);
      const load = await phase(
        "generate + import",
        () => loadJobs(opened, { count: options.jobs, seed: options.seed, now }, log),
        (l) =>
          `${rate(options.jobs, l.totalMs)} jobs/s overall; store ${rate(options.jobs, l.storeMs)} jobs/s ` +
          `(${(l.storeMs / 1000).toFixed(1)} s), generator ${(l.generateMs / 1000).toFixed(1)} s`,
      );
      const hours = await phase(
        "rollup build",
        () => opened.refreshMetrics(),
        (n) => `${n.toLocaleString("en-US")} hours rebuilt`,
      );
      await opened.close();
      metrics = {
        ...metrics,
        load,
        rollup: { ms: phases.at(-1)?.ms ?? 0, hours },
        memory: { afterImport: memoryNow(), afterRuns: memoryNow() },
      };

      // 3. The metrics API, in process with its clock stopped at the data's "now".
      if (wants("metrics")) {
        metrics = await measureMetrics(dataDir, now, options, load, metrics, phase);
        figures.push(metricsFigure(metrics.endpoints, options.jobs));
      }

      // 4. Browser, push and memory: a Runwatch child over the same store.
      if (wants("push") || wants("browser")) {
        store = await phase("browser, push and memory on the store", () =>
          runOnStore(dataDir, options, dashboard, build, log),
        );
        figures.push(...storeFigures(store, build));
      } else if (build) figures.push(...storeFigures({ ...NO_STORE, jobs: options.jobs }, build));
    }

    // 5. The queue ETA against the naive predictor, on replays of the bench's and the demo's history.
    const eta = wants("eta")
      ? await phase("queue ETA backtest", async () => ({
          bench: benchEtaBacktest(options.seed, options.quick),
          demoHistory: demoHistoryEtaBacktest(),
          demoLive: demoLiveEtaBacktest(),
        }))
      : undefined;

    const report: BenchReport = {
      meta: {
        startedAt: startedAt.toISOString(),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        quick: options.quick,
        sections: [...options.sections],
        jobs: options.jobs,
        seed: options.seed,
        now: startedAt.toISOString(),
        reps: options.reps,
        warmup: options.warmup,
        naiveReps: options.naiveReps,
        loadAverage: { start: loadStart, end: os.loadavg() },
      },
      data: {
        byStatus: metrics.load?.byStatus ?? {},
        bySource: metrics.load?.bySource ?? {},
        repos: metrics.load?.repos ?? 0,
        dbMb: needsStore ? Math.round(folderBytes(dataDir) / 1_048_576) : 0,
        picks: { ...metrics.load?.picks },
      },
      phases: [...phases, { name: "total", ms: performance.now() - total0, note: "" }],
      import: metrics.load
        ? {
            jobsPerSecond: rate(options.jobs, metrics.load.totalMs),
            storeJobsPerSecond: rate(options.jobs, metrics.load.storeMs),
            generateMs: metrics.load.generateMs,
            storeMs: metrics.load.storeMs,
          }
        : null,
      rollup: metrics.rollup,
      memory: metrics.memory,
      endpoints: metrics.endpoints,
      accuracy: metrics.accuracy,
      plans: metrics.plans,
      live: { build, ingest, store, engines },
      figures,
    };
    log("");
    log(formatReport(report));
    log(`\nwrote ${path.relative(process.cwd(), writeReport(path.resolve(options.out), report))}`);
    if (eta) log(`\n${formatEtaBacktests(eta)}`);
    // The ETA is only worth showing while it beats the naive guess.
    return eta && !etaAhead(eta) ? 1 : 0;
  } finally {
    if (options.keep) log(`data kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the metrics part produced (empty when it did not run). */
interface MetricsPart {
  load?: LoadResult;
  rollup: BenchReport["rollup"];
  memory: BenchReport["memory"];
  endpoints: EndpointResult[];
  accuracy: AccuracyCheck[];
  plans: Record<string, string[]>;
}

const EMPTY_METRICS: MetricsPart = {
  rollup: null,
  memory: null,
  endpoints: [],
  accuracy: [],
  plans: {},
};

const NO_STORE: Omit<StoreResults, "jobs"> = {
  server: "",
  rssIdleMb: null,
  browser: null,
  push: null,
  runtime: null,
};

type PhaseRunner = <T>(name: string, run: () => Promise<T>, note?: (value: T) => string) => Promise<T>;

/** The metrics API over the store in `dataDir`, each endpoint beside its naive baseline, then accuracy. */
async function measureMetrics(
  dataDir: string,
  now: number,
  options: BenchOptions,
  load: LoadResult,
  part: MetricsPart,
  phase: PhaseRunner,
): Promise<MetricsPart> {
  const { server, url } = await phase("server start", () => startBenchServer(dataDir, now));
  const headers = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
  const cases = endpointCases(load.picks, now);
  const endpoints: EndpointResult[] = [];
  const bodies = new Map<string, unknown>();
  const raw = openRaw(path.join(dataDir, SQLITE_FILE));
  try {
    // Each endpoint, and the naive way to the same answer in alternating rounds (same run, same data).
    const time = { http: 0, naive: 0 };
    await phase(
      "measurements",
      async () => {
        for (const c of cases) {
          const result = await measure(c, url, headers, options, raw, time);
          endpoints.push(result.row);
          if (result.body !== undefined) bodies.set(c.id, result.body);
        }
      },
      () =>
        `${endpoints.length} endpoints: HTTP ${(time.http / 1000).toFixed(1)} s, ` +
        `naive ${(time.naive / 1000).toFixed(1)} s`,
    );
    // Percentile error against exact values from every job's own JSON.
    const accuracy = await phase("accuracy", async () =>
      checkAccuracy(raw, bodies, now, load.picks.busyRepo),
    );
    return {
      ...part,
      memory: part.memory ? { ...part.memory, afterRuns: memoryNow() } : null,
      endpoints,
      accuracy,
      plans: plans(raw, load.picks.busyRepo, load.picks.quietRepo),
    };
  } finally {
    raw.close();
    await server.close();
  }
}

/**
 * Times one endpoint over HTTP and, when it has one, its naive baseline in
 * alternating rounds. An optional endpoint the server lacks is recorded as missing.
 */
async function measure(
  c: EndpointCase,
  url: string,
  headers: Record<string, string>,
  options: BenchOptions,
  raw: RawDb,
  time: { http: number; naive: number },
): Promise<{ row: EndpointResult; body?: unknown }> {
  const row: EndpointResult = {
    id: c.id,
    group: c.group,
    path: c.path,
    target: c.target,
    latency: null,
    result: "missing",
    bytes: 0,
    naive: null,
    ratio: null,
  };
  if (c.optional) {
    const probe = await fetch(`${url}${c.path}`, { headers });
    const text = await probe.text();
    if (probe.status === 404 && text.includes('"not_found"') && text.includes("no route")) {
      log(`  ${c.id}: no such route, skipped`);
      return { row };
    }
  }
  let last = "";
  const http = async () => {
    const { ms, text } = await timedGet(`${url}${c.path}`, headers);
    last = text;
    time.http += ms;
    return ms;
  };
  // The other metrics endpoints are slow today (seconds on 1M jobs): fewer calls, so a p95 of few samples.
  const extra = c.group === "other";
  const sides = [
    {
      once: http,
      plan: {
        warmup: extra ? Math.min(options.warmup, 1) : options.warmup,
        reps: extra ? Math.min(options.reps, 10) : options.reps,
        budgetMs: extra ? Math.min(options.budgetMs, 5_000) : options.budgetMs,
      },
    },
  ];
  const naive = c.naive;
  if (naive) {
    const once = async () => {
      const ms = await timedRun(() => naive(raw));
      time.naive += ms;
      return ms;
    };
    sides.push({ once, plan: { warmup: 1, reps: options.naiveReps, budgetMs: options.budgetMs } });
  }
  const [engineSamples = [], naiveSamples] = await sampleInterleaved(
    sides,
    naive ? Math.min(5, options.naiveReps) : 1,
  );
  row.latency = latencyOf(engineSamples);
  row.bytes = Buffer.byteLength(last);
  row.result = c.target === null ? "-" : row.latency.p95 <= c.target ? "PASS" : "FAIL";
  if (naiveSamples) {
    row.naive = latencyOf(naiveSamples);
    row.ratio = row.naive.p95 / row.latency.p95;
  }
  log(
    `  ${c.id}: p50 ${row.latency.p50.toFixed(2)} ms, p95 ${row.latency.p95.toFixed(2)} ms (n=${row.latency.n})` +
      (row.naive
        ? `; naive p95 ${row.naive.p95.toFixed(1)} ms (n=${row.naive.n}), ${row.ratio?.toFixed(1)}×`
        : ""),
  );
  return { row, body: JSON.parse(last) as unknown };
}

/** Compares the API's summaries and series with exact values computed from the raw rows. */
async function checkAccuracy(
  raw: RawDb,
  bodies: Map<string, unknown>,
  now: number,
  busyRepo: string,
): Promise<AccuracyCheck[]> {
  const checks: AccuracyCheck[] = [];
  const windowOf = (body: { from: string; to: string }) => ({
    // The server's own window: [from, to + 1 ms), `to` being its clock's now.
    from: Date.parse(body.from),
    to: Date.parse(body.to) + 1,
  });
  const summaries: [string, { repo?: string }][] = [
    ["summary 24h", {}],
    ["summary 30d", {}],
    ["summary 24h repo", { repo: busyRepo }],
  ];
  for (const [key, filter] of summaries) {
    const api = bodies.get(key) as MetricsSummary | undefined;
    if (!api) continue;
    checks.push(...summaryAccuracy(key, api, rawSummary(raw, { ...windowOf(api), ...filter }, "json")));
  }
  const series: [string, "duration" | "queue_time", boolean][] = [
    ["timeseries duration 30d/1h", "duration", false],
    ["timeseries queue_time 30d/1h", "queue_time", false],
    ["timeseries duration 30d/1h by source", "duration", true],
  ];
  for (const [key, metric, bySource] of series) {
    const api = bodies.get(key) as TimeseriesResponse | undefined;
    if (!api) continue;
    const range = windowOf(api);
    if (range.from !== seriesRange(api.window, HOUR, now).from)
      throw new BenchError(
        `${key}: the server's series starts at ${api.from}, not on the hour before now − 30d`,
      );
    checks.push(seriesAccuracy(key, api, rawTimeseries(raw, range, HOUR, metric, bySource, "json")));
  }
  return checks;
}

/** SQLite's plans for the store's queries behind the job pages and the slower metrics (for diagnosis). */
function plans(raw: RawDb, busyRepo: string, quietRepo: string): Record<string, string[]> {
  const page = `SELECT id, data, created_at FROM jobs WHERE status IN ('failure') AND repo = @repo
    ORDER BY created_at DESC, id DESC LIMIT 51`;
  return {
    "jobs repo+failure (busy repo)": queryPlan(raw, page, { repo: busyRepo }),
    "jobs repo+failure (quiet repo)": queryPlan(raw, page, { repo: quietRepo }),
    "active jobs of a repo (summary with repo=)": queryPlan(
      raw,
      `SELECT status, lost, count(*) FROM jobs WHERE status IN ('queued', 'waiting', 'running') AND repo = @repo
        GROUP BY status, lost`,
      { repo: busyRepo },
    ),
    "failed jobs in a window (failures)": queryPlan(
      raw,
      `SELECT count(*) FROM jobs WHERE (status IN ('failure', 'timed_out', 'cancelled')
        AND finished_at >= @from AND finished_at < @to) OR (lost = 1 AND status IN ('queued', 'waiting', 'running'))`,
      { from: 0, to: 1 },
    ),
    "window scan repo+branch": queryPlan(
      raw,
      `SELECT status, duration_ms FROM jobs WHERE ((finished_at >= @from AND finished_at < @to)
        OR (started_at >= @from AND started_at < @to)) AND repo = @repo AND branch = @branch`,
      { from: 0, to: 1, repo: busyRepo, branch: "main" },
    ),
  };
}

const rate = (count: number, ms: number) => Math.round(count / Math.max(ms / 1000, 1e-9));

function folderBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

try {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    console.log(HELP);
  } else {
    process.exitCode = await main(options);
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${HELP}`);
    process.exitCode = 2;
  } else {
    console.error(error instanceof BenchError ? `bench: ${error.message}` : error);
    process.exitCode = 1;
  }
}
