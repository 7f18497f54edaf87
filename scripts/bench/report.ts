/** The benchmark's results: their JSON shape, the printed table, and the files they are written to. */
import fs from "node:fs";
import path from "node:path";
import { ERROR_TARGET, type AccuracyCheck } from "./accuracy";
import type { EndpointCase } from "./cases";
import { figureRows, type Figure } from "./figures";
import type { BuildOutcome } from "./browser";
import type { EnginesResults } from "./engines";
import type { IngestResults, StoreResults } from "./live";
import type { Latency } from "./stats";

/** Memory of the benchmark process (server included), MB. */
export interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** How one endpoint did. */
export interface EndpointResult {
  id: string;
  group: EndpointCase["group"];
  path: string;
  target: number | null;
  /** Null when the route does not exist (an optional endpoint). */
  latency: Latency | null;
  result: "PASS" | "FAIL" | "-" | "missing";
  bytes: number;
  /** The naive way's latency (raw rows, exact percentiles, in-process: no HTTP). */
  naive: Latency | null;
  /** naive p95 ÷ engine p95. */
  ratio: number | null;
}

/** A timed phase. */
export interface Phase {
  name: string;
  ms: number;
  note: string;
}

/** Everything `npm run bench` measured. */
export interface BenchReport {
  meta: {
    startedAt: string;
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** `--quick`, and the sections that ran. */
    quick: boolean;
    sections: string[];
    jobs: number;
    seed: string;
    /** The generator's end of data and the server's (fixed) clock. */
    now: string;
    reps: number;
    warmup: number;
    naiveReps: number;
    /** 1/5/15-minute load averages when the run started and ended (the machine is shared). */
    loadAverage: { start: number[]; end: number[] };
  };
  data: {
    byStatus: Record<string, number>;
    bySource: Record<string, number>;
    repos: number;
    dbMb: number;
    picks: Record<string, string>;
  };
  phases: Phase[];
  /** Null when no store was generated (only the ingest section ran). */
  import: { jobsPerSecond: number; storeJobsPerSecond: number; generateMs: number; storeMs: number } | null;
  rollup: { ms: number; hours: number } | null;
  memory: { afterImport: Memory; afterRuns: Memory } | null;
  endpoints: EndpointResult[];
  accuracy: AccuracyCheck[];
  /** Query plans behind the slowest answers, for diagnosis. */
  plans: Record<string, string[]>;
  /** The live sections' raw results (absent: not run). */
  live: {
    build: BuildOutcome | null;
    ingest?: IngestResults;
    store?: StoreResults;
    engines?: EnginesResults;
  };
  /** Every figure with its baseline, ratio, target and verdict (issue 13). */
  figures: Figure[];
}

/** Current memory use. */
export function memoryNow(): Memory {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
  };
}

/** Milliseconds, with as many decimals as are meaningful. */
export function ms(value: number): string {
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString("en-US");
}

const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : "∞");
const thousands = (value: number) => Math.round(value).toLocaleString("en-US");

/** A plain-text table, columns padded; `right(i)` right-aligns column i. */
export function table(headers: string[], rows: string[][], right: (col: number) => boolean): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

/** The report as printed. */
export function formatReport(report: BenchReport): string {
  const { meta } = report;
  const out: string[] = [];
  out.push(
    `Runwatch benchmark: ${thousands(meta.jobs)} jobs (seed "${meta.seed}"), Node ${meta.node}, ` +
      `${meta.cpus} × ${meta.cpuModel}, ${meta.startedAt}`,
  );
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(" ");
  out.push(
    `load average (1/5/15 min): ${load(meta.loadAverage.start)} at start, ${load(meta.loadAverage.end)} at end`,
  );
  out.push(
    `data: ${report.data.repos} repos, ${report.data.dbMb} MB on disk; ` +
      Object.entries(report.data.byStatus)
        .map(([status, n]) => `${status} ${thousands(n)}`)
        .join(", "),
  );
  out.push("", "Phases");
  out.push(
    table(
      ["phase", "time", ""],
      report.phases.map((p) => [p.name, seconds(p.ms), p.note]),
      (i) => i === 1,
    ),
  );
  if (report.endpoints.length > 0) out.push(...formatEndpoints(report));
  if (report.figures.length) {
    const [head = [], ...rows] = figureRows(report.figures);
    out.push("", "Figures (baselines measured in the same run; ratio = value ÷ baseline)");
    out.push(table(head, rows, (i) => i >= 2 && i <= 4));
  }
  return out.join("\n");
}

/** The metrics section as printed: endpoints, accuracy, memory, verdicts. */
function formatEndpoints(report: BenchReport): string[] {
  const out: string[] = [];
  out.push("", "Endpoints (ms over keep-alive HTTP; naive = raw rows sorted in-process, no HTTP)");
  out.push(
    table(
      ["endpoint", "n", "p50", "p95", "p99", "max", "target p95", "result", "naive p95", "naive ÷ engine"],
      report.endpoints.map((e) => [
        e.id,
        e.latency ? String(e.latency.n) : "",
        e.latency ? ms(e.latency.p50) : "",
        e.latency ? ms(e.latency.p95) : "",
        e.latency ? ms(e.latency.p99) : "",
        e.latency ? ms(e.latency.max) : "",
        e.target === null ? "" : `≤ ${e.target}`,
        e.result,
        e.naive ? ms(e.naive.p95) : "",
        e.ratio === null ? "" : `${e.ratio.toFixed(1)}×`,
      ]),
      (i) => i > 0 && i !== 7,
    ),
  );
  out.push(
    "",
    `Percentile error, sketch vs exact nearest-rank (max over p50/p90/p95/p99; target ≤ ${pct(ERROR_TARGET)})`,
  );
  out.push(
    table(
      ["check", "values", "exact values", "compared", "max error", "result", "worst"],
      report.accuracy.map((a) => [
        a.id,
        thousands(a.count),
        thousands(a.exactCount),
        String(a.compared),
        pct(a.maxRelError),
        a.maxRelError <= ERROR_TARGET && a.count === a.exactCount ? "PASS" : "FAIL",
        a.worst,
      ]),
      (i) => i > 0 && i < 5,
    ),
  );
  const mem = (m: Memory) =>
    `rss ${m.rssMb} MB, heap ${m.heapUsedMb}/${m.heapTotalMb} MB, external ${m.externalMb} MB`;
  if (report.memory) {
    out.push("", `Memory of the bench process after import: ${mem(report.memory.afterImport)}`);
    out.push(`Memory of the bench process after runs:   ${mem(report.memory.afterRuns)}`);
  }
  const failed = report.endpoints.filter((e) => e.result === "FAIL").map((e) => e.id);
  const badAccuracy = report.accuracy
    .filter((a) => a.maxRelError > ERROR_TARGET || a.count !== a.exactCount)
    .map((a) => a.id);
  const passed = report.endpoints.filter((e) => e.result === "PASS").length;
  out.push(
    "",
    `Targets: ${passed} endpoint(s) PASS, ${failed.length} FAIL${failed.length ? ` (${failed.join("; ")})` : ""}; ` +
      `percentile error ${badAccuracy.length ? `FAIL (${badAccuracy.join("; ")})` : "PASS"}`,
  );
  return out;
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/latest.json`; resolves with the first path. */
export function writeReport(dir: string, report: BenchReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.meta.startedAt.replace(/[:.]/g, "-");
  const file = path.join(dir, `${stamp}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(dir, "latest.json"), json);
  return file;
}
