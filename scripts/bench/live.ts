/**
 * The live benchmark's sections, each over its own Runwatch child process:
 * ingest on a fresh data folder (with the baselines beside it), and push,
 * memory and the browser on the generated store. A section that fails is
 * recorded with its error and the others go on.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDashboardBuild, measureLivePage, type BrowserResult, type BuildOutcome } from "./browser";
import { startBaseline, startRunwatch, type ChildServer } from "./child";
import { compareIngest, type IngestComparison } from "./ingest-compare";
import { burst, growingRun, type BurstResult, type GrowingRunResult } from "./ingest-burst";
import type { BenchOptions } from "./options";
import { measurePush, type PushResult } from "./push-run";
import { readRuntime, type RuntimeStats } from "./runtime";
import { BENCH_ADMIN_TOKEN } from "./server";

/** A section's outcome: its result, or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything the ingest section measured. */
export interface IngestResults {
  server: string;
  comparison: Outcome<IngestComparison>;
  /** `GET /api/v1/runtime` after the comparison; null: the server has no such route. */
  runtime: RuntimeStats | null;
  burst: Outcome<BurstResult>;
  growing: Outcome<GrowingRunResult>;
}

/** Everything measured on the generated store. */
export interface StoreResults {
  server: string;
  jobs: number;
  /** Server RSS right after start, MB. */
  rssIdleMb: number | null;
  browser: Outcome<BrowserResult> | null;
  push: Outcome<PushResult> | null;
  /** `GET /api/v1/runtime` after the push test; null: no such route. */
  runtime: RuntimeStats | null;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function attempt<T>(
  name: string,
  log: (line: string) => void,
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    log(`  ${name} failed: ${errorText(error)}`);
    return { ok: false, error: errorText(error) };
  }
}

/** The dashboard build when the browser section needs it; whether Runwatch can serve the dashboard. */
export function prepareDashboard(options: BenchOptions): { build: BuildOutcome | null; dashboard: boolean } {
  const build = options.sections.has("browser") ? ensureDashboardBuild(options.build) : null;
  return { build, dashboard: build?.ok ?? ensureDashboardBuild(false).ok };
}

/** Ingest: the side-by-side rounds, the open-loop test, the burst and the growing run. */
export async function runIngest(
  options: BenchOptions,
  dashboard: boolean,
  log: (line: string) => void,
): Promise<IngestResults> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-bench-ingest-"));
  const servers: ChildServer[] = [];
  try {
    const runwatch = await startRunwatch(dataDir, dashboard);
    servers.push(runwatch);
    const read = await startBaseline("read");
    servers.push(read);
    const verifyParse = await startBaseline("verify-parse");
    servers.push(verifyParse);
    const plan = options.live;
    log(`  ${runwatch.name} pid ${runwatch.pid}; baselines pid ${read.pid}, ${verifyParse.pid}`);
    const comparison = await attempt("ingest comparison", log, () =>
      compareIngest({
        runwatch,
        read,
        verifyParse,
        rounds: plan.rounds,
        roundMs: plan.roundMs,
        connections: plan.connections,
        firstJobId: 1_000_000_000,
        log,
      }),
    );
    const runtime = await readRuntime(runwatch.url, BENCH_ADMIN_TOKEN);
    // The baselines are done: give their cores back for the burst.
    await read.stop();
    await verifyParse.stop();
    const burstResult = await attempt("burst", log, () =>
      burst(runwatch, { ...plan.burst, firstJobId: 5_000_000_000 }),
    );
    if (burstResult.ok)
      log(
        `  burst: ${burstResult.value.acknowledged} / ${burstResult.value.deliveries} acknowledged, ` +
          `slowest ${(burstResult.value.slowestMs / 1000).toFixed(2)} s, all in ${(burstResult.value.totalMs / 1000).toFixed(1)} s`,
      );
    const growing = await attempt("growing run", log, () =>
      growingRun(runwatch, { ...plan.growing, connections: plan.connections, firstJobId: 6_000_000_000 }),
    );
    if (growing.ok)
      log(
        `  growing run: ${growing.value.jobs} jobs in ${(growing.value.totalMs / 1000).toFixed(1)} s; ` +
          `first ${growing.value.window}: ${growing.value.firstPerSecond?.toFixed(0) ?? "?"} /s, ` +
          `last ${growing.value.window}: ${growing.value.lastPerSecond?.toFixed(0) ?? "?"} /s` +
          (growing.value.capped ? " (stopped by the time cap)" : ""),
      );
    return { server: runwatch.name, comparison, runtime, burst: burstResult, growing };
  } finally {
    for (const server of servers) await server.stop();
    if (options.keep) log(`ingest data kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Browser, push and memory, on the generated store in `dataDir`. */
export async function runOnStore(
  dataDir: string,
  options: BenchOptions,
  dashboard: boolean,
  build: BuildOutcome | null,
  log: (line: string) => void,
): Promise<StoreResults> {
  const runwatch = await startRunwatch(dataDir, dashboard);
  try {
    const rssIdleMb = runwatch.rssMb();
    log(`  ${runwatch.name} pid ${runwatch.pid} over the store: RSS ${rssIdleMb?.toFixed(0) ?? "?"} MB`);
    let browser: Outcome<BrowserResult> | null = null;
    if (options.sections.has("browser")) {
      browser =
        build && !build.ok
          ? { ok: false, error: build.reason }
          : await attempt("browser", log, () => measureLivePage(runwatch.url));
      if (browser.ok)
        log(
          `  Live page first rows: first load ${browser.value.firstMs.toFixed(0)} ms, then median ` +
            `${browser.value.medianMs.toFixed(0)} ms (${browser.value.loads.map((ms) => ms.toFixed(0)).join(", ")})`,
        );
      if (browser.ok)
        for (const page of browser.value.pages)
          log(
            `  ${page.name} (${page.path}) first rows: first load ${page.firstMs.toFixed(0)} ms, then median ` +
              `${page.medianMs.toFixed(0)} ms; HTML at ${page.htmlMs.toFixed(0)} ms, ${page.scriptKib.toFixed(0)} KiB of script`,
          );
    }
    let push: Outcome<PushResult> | null = null;
    if (options.sections.has("push")) {
      push = await attempt("push", log, () =>
        measurePush(runwatch, {
          dashboards: options.dashboards,
          rate: options.rate,
          durationMs: options.live.push.durationMs,
          graceMs: options.live.push.graceMs,
          firstJobId: 7_000_000_000,
          log,
        }),
      );
      if (push.ok)
        log(
          `  push: p50 ${push.value.latency.p50.toFixed(1)} ms, p99 ${push.value.latency.p99.toFixed(1)} ms, ` +
            `delivered ${push.value.deliveredPct.toFixed(2)}%`,
        );
    }
    const runtime = await readRuntime(runwatch.url, BENCH_ADMIN_TOKEN);
    return { server: runwatch.name, jobs: options.jobs, rssIdleMb, browser, push, runtime };
  } finally {
    await runwatch.stop();
  }
}
