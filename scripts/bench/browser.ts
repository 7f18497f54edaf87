/**
 * The browser figure: real Chromium (the system's /usr/bin/chromium when
 * present, else Playwright's, as `npm run test:e2e` finds it) signed in with
 * the admin key, timing how long after navigation the Live page's first job
 * rows are painted in both its lists: in progress (a few hundred active jobs
 * added by signed webhooks first, as a busy cluster has) and recently
 * finished. Needs the dashboard's production build, made here with the same
 * check `npm start` uses (only when `.next` is missing or stale).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { ROOT, needsBuild } from "../build-if-needed.mjs";
import { CHROMIUM_ARGS } from "../../playwright.config";
import { deliveryStream } from "./deliveries";
import { measureFirstRows, type FirstRowsTiming } from "./first-rows";
import { closedLoop } from "./load-client";
import { BENCH_ADMIN_TOKEN } from "./server";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** The dashboard build: ready (and whether it was built now, in how long), or why not. */
export type BuildOutcome =
  { ok: true; built: boolean; ms: number } | { ok: false; reason: string; ms: number };

/**
 * Builds the dashboard when needed (`next build` through build-if-needed.mjs,
 * in a child so a failed build does not end the benchmark); `allowBuild`
 * false only reports whether a usable build exists.
 */
export function ensureDashboardBuild(allowBuild: boolean): BuildOutcome {
  if (!needsBuild()) return { ok: true, built: false, ms: 0 };
  if (!allowBuild) return { ok: false, reason: "no current dashboard build (.next) and --no-build", ms: 0 };
  const t0 = performance.now();
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", 'import("./scripts/build-if-needed.mjs").then((m) => m.buildIfNeeded())'],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  const ms = performance.now() - t0;
  return result.status === 0
    ? { ok: true, built: true, ms }
    : { ok: false, reason: `next build failed (exit ${result.status ?? result.signal})`, ms };
}

/** Time to the Live page's job rows painted, ms since navigation start. */
export interface BrowserResult {
  /** The first load (cold caches) and the median of the later ones. */
  firstMs: number;
  medianMs: number;
  loads: number[];
  /** Rows shown in the last load: in progress and recently finished. */
  activeRows: number;
  finishedRows: number;
  /** Deliveries (each a new job, 3 in 4 left active) sent before the loads. */
  activeAdded: number;
  executable: string;
  /** Every dashboard page's time to first rows, on the same store and browser. */
  pages: FirstRowsTiming[];
}

/** Options of the browser figure. */
export interface LivePageOptions {
  /** Later (warm) loads after the first; their median is the figure. */
  loads?: number;
  /** Signed deliveries sent first, each a new job (3 in 4 left active: 280 → 210); 0 sends none. */
  activeDeliveries?: number;
  /** The first `workflow_job.id` of those deliveries. */
  firstJobId?: number;
}

/**
 * Runs in every page before its own scripts (a string, not a function: tsx
 * compiles functions with `__name(…)` calls that do not exist in the page,
 * and the script would throw before it observed anything). Sets
 * `window.__liveRowsAt` once both Live lists show a job row, in the task
 * after the frame that painted them: the message posted from
 * requestAnimationFrame is delivered after that frame's paint.
 */
const LIVE_ROWS_SCRIPT = `(() => {
  const row = (list) => document.querySelector('[data-testid="' + list + '"] [data-testid="job-row"]');
  const observer = new MutationObserver(() => {
    if (!row("live-active") || !row("live-finished")) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__liveRowsAt = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

const ROWS = (list: string) => `[data-testid="${list}"] [data-testid="job-row"]`;

/**
 * Adds active jobs the way a busy cluster has them: `deliveries` signed
 * GitHub deliveries, each a new job, their events the fixtures in turn
 * (2 completed, 3 in progress, 2 queued, 1 waiting: 3 in 4 stay active). The generated store's own active jobs are the few cut
 * short by its "now" (9 in 100,000), too few for the Live page to show
 * what it does under load. @throws when a delivery is not acknowledged
 */
export async function addActiveJobs(url: string, deliveries: number, firstJobId: number): Promise<void> {
  const stream = deliveryStream({ firstJobId, firstRunId: firstJobId });
  const load = await closedLoop({
    url: `${url}/api/v1/webhooks/github`,
    connections: 8,
    next: () => (stream.sent < deliveries ? stream.next() : undefined),
  });
  if (load.failed > 0) throw new Error(`${load.failed} of ${deliveries} deliveries not acknowledged`);
}

/**
 * Signs in with the admin key, loads `/` `1 + loads` times in Chromium
 * (the first with cold caches) and times, from navigation start, the
 * first frame painted with rows in both Live lists; then every page's
 * first rows the same way (`first-rows.ts`).
 */
export async function measureLivePage(url: string, options: LivePageOptions = {}): Promise<BrowserResult> {
  const { loads = 5, activeDeliveries = 280, firstJobId = 8_000_000_000 } = options;
  await addActiveJobs(url, activeDeliveries, firstJobId);
  const { chromium } = await import("@playwright/test");
  const executablePath = fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: url });
    const signIn = await context.request.post("/api/v1/auth/session", { data: { key: BENCH_ADMIN_TOKEN } });
    if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}`);
    await context.addInitScript({ content: LIVE_ROWS_SCRIPT });
    const times: number[] = [];
    let activeRows = 0;
    let finishedRows = 0;
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      try {
        await page.goto("/", { waitUntil: "commit" });
        const handle = await page
          .waitForFunction(() => (window as { __liveRowsAt?: number }).__liveRowsAt, null, {
            timeout: 60_000,
          })
          .catch(async (error: unknown) => {
            throw new Error(`${errorText(error)} ${await showWhatLoaded(page)}`);
          });
        times.push((await handle.jsonValue()) as number);
        activeRows = await page.locator(ROWS("live-active")).count();
        finishedRows = await page.locator(ROWS("live-finished")).count();
      } finally {
        await page.close();
      }
    }
    const pages = await measureFirstRows(context, undefined, loads);
    const [first = 0, ...rest] = times;
    const sorted = [...rest].sort((a, b) => a - b);
    return {
      firstMs: first,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? first,
      loads: times,
      activeRows,
      finishedRows,
      activeAdded: activeDeliveries,
      executable: executablePath ?? chromium.executablePath(),
      pages,
    };
  } finally {
    await browser.close();
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a page that never showed its rows did show: its URL, row counts and a screenshot's path. */
async function showWhatLoaded(page: Page): Promise<string> {
  const shot = path.join(os.tmpdir(), `runwatch-bench-live-${Date.now()}.png`);
  try {
    await page.screenshot({ path: shot, fullPage: true });
    const active = await page.locator(ROWS("live-active")).count();
    const finished = await page.locator(ROWS("live-finished")).count();
    return `(${page.url()}: ${active} in-progress and ${finished} finished rows; screenshot ${shot})`;
  } catch (error) {
    return `(no screenshot: ${errorText(error)})`;
  }
}
