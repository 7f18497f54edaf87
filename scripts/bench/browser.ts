/**
 * The browser figure: real Chromium (the system's /usr/bin/chromium when
 * present, else Playwright's, as `npm run test:e2e` finds it) signed in with
 * the admin key, timing how long after navigation the Live page's first job
 * rows are painted. Needs the dashboard's production build, made here with
 * the same check `npm start` uses (only when `.next` is missing or stale).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ROOT, needsBuild } from "../build-if-needed.mjs";
import { CHROMIUM_ARGS } from "../../playwright.config";
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

/** Time to the Live page's first painted job rows, ms since navigation start. */
export interface BrowserResult {
  /** The first load (cold caches) and the median of the next `loads`. */
  firstMs: number;
  medianMs: number;
  loads: number[];
  rows: number;
  executable: string;
}

/** Loads `/` `1 + loads` times in Chromium and times its first rows. */
export async function measureLivePage(url: string, loads = 3): Promise<BrowserResult> {
  const { chromium } = await import("@playwright/test");
  const executablePath = fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: url });
    const signIn = await context.request.post("/api/v1/auth/session", { data: { key: BENCH_ADMIN_TOKEN } });
    if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}`);
    // Noted in the page itself: the frame after the first row enters the DOM is the one that paints it.
    await context.addInitScript(() => {
      const seen = () => {
        if (!document.querySelector('[data-testid="job-row"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          (window as { firstRowsAt?: number }).firstRowsAt = performance.now();
        });
      };
      const observer = new MutationObserver(seen);
      observer.observe(document, { childList: true, subtree: true });
    });
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      await page.goto("/", { waitUntil: "commit" });
      const handle = await page.waitForFunction(
        () => (window as { firstRowsAt?: number }).firstRowsAt,
        null,
        {
          timeout: 60_000,
        },
      );
      const ms = (await handle.jsonValue()) as number;
      rows = await page.locator('[data-testid="job-row"]').count();
      times.push(ms);
      await page.close();
    }
    const [first = 0, ...rest] = times;
    const sorted = [...rest].sort((a, b) => a - b);
    return {
      firstMs: first,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? first,
      loads: times,
      rows,
      executable: executablePath ?? chromium.executablePath(),
    };
  } finally {
    await browser.close();
  }
}
