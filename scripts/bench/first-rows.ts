/**
 * Time to first rows on every dashboard page: real Chromium, signed in, each
 * page loaded `1 + loads` times (the first with its own code still cold), the
 * time from navigation start to the first frame painted with the page's
 * first data rows. Beside it, what the time is made of: when the HTML
 * finished arriving and how much script the page loaded, so a slow page
 * says whether it waited on the server, on its JavaScript, or on its data.
 */
import type { BrowserContext } from "@playwright/test";

/** One page of the probe: where it is and which elements are its "first rows". */
export interface FirstRowsPage {
  path: string;
  name: string;
  /** CSS selectors that must each match an element before the page counts as showing its rows. */
  selectors: string[];
}

/**
 * Every dashboard page with the elements that are its first rows on a busy
 * store (the benchmark's: jobs of every outcome, runners, sources, the admin
 * key and the audit entries its sign-in writes). Alerts has no rules there,
 * so its first "row" is the rules panel done loading (its empty state).
 */
export const FIRST_ROWS_PAGES: readonly FirstRowsPage[] = [
  {
    path: "/",
    name: "Live",
    selectors: [
      '[data-testid="live-active"] [data-testid="job-row"]',
      '[data-testid="live-finished"] [data-testid="job-row"]',
    ],
  },
  { path: "/pipelines", name: "Pipelines", selectors: ['[data-testid="run-row"]'] },
  { path: "/jobs", name: "Jobs", selectors: ['[data-testid="jobs-table"] [data-testid="job-row"]'] },
  { path: "/insights", name: "Insights", selectors: ['[data-testid="summary-success-rate"]'] },
  { path: "/triage", name: "Triage", selectors: ['[data-testid="failure-group"]'] },
  { path: "/queue", name: "Queue", selectors: ['[data-testid="queue-pool"]'] },
  { path: "/runners", name: "Runners", selectors: ['[data-testid="runner-row"]'] },
  { path: "/sources", name: "Sources", selectors: ['[data-testid="source-card"]'] },
  { path: "/alerts", name: "Alerts", selectors: ['[data-testid="rules-panel"]:not(:has([role="status"]))'] },
  { path: "/audit", name: "Audit log", selectors: ['[data-testid="audit-row"]'] },
  { path: "/admin", name: "Keys & sessions", selectors: ['[data-testid="key-row"]'] },
];

/** One page's figures, ms from navigation start. */
export interface FirstRowsTiming {
  path: string;
  name: string;
  /** First rows painted: the first load, every load, and the median of the loads after the first. */
  firstMs: number;
  medianMs: number;
  loads: number[];
  /** The HTML fully received (navigation `responseEnd`), median of the later loads. */
  htmlMs: number;
  /** Script transferred or decoded by the last load, KiB (decoded size: cached scripts count too). */
  scriptKib: number;
}

/**
 * Builds the script run in every page before its own (a string, not a
 * function: tsx compiles functions with `__name(…)` helpers the page does not
 * have). It sets `window.__firstRowsAt` once every selector of the current
 * path matches, in the task after the frame that painted them (a message
 * posted from requestAnimationFrame arrives after that frame's paint). It
 * checks at once too: rows rendered on the server are there before any
 * mutation happens.
 */
export function firstRowsScript(pages: readonly FirstRowsPage[]): string {
  const table = JSON.stringify(Object.fromEntries(pages.map((page) => [page.path, page.selectors])));
  return `(() => {
  const selectors = (${table})[location.pathname];
  if (!selectors) return;
  let done = false;
  const check = () => {
    if (done || !selectors.every((s) => document.querySelector(s))) return;
    done = true;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__firstRowsAt = performance.now(); };
      channel.port2.postMessage(null);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener("DOMContentLoaded", check);
})();`;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Loads each page `1 + loads` times in `context` (signed in, with
 * {@link firstRowsScript} added) and times its first rows. @throws naming
 * the page when its rows never appear within 60 s
 */
export async function measureFirstRows(
  context: BrowserContext,
  pages: readonly FirstRowsPage[] = FIRST_ROWS_PAGES,
  loads = 5,
): Promise<FirstRowsTiming[]> {
  await context.addInitScript({ content: firstRowsScript(pages) });
  const out: FirstRowsTiming[] = [];
  for (const probe of pages) {
    const times: number[] = [];
    const html: number[] = [];
    let scriptKib = 0;
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      try {
        await page.goto(probe.path, { waitUntil: "commit" });
        const handle = await page
          .waitForFunction(() => (window as { __firstRowsAt?: number }).__firstRowsAt, null, {
            timeout: 60_000,
          })
          .catch((error: unknown) => {
            throw new Error(`${probe.name} (${probe.path}) never showed its first rows: ${String(error)}`);
          });
        times.push((await handle.jsonValue()) as number);
        const shape = await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as
            PerformanceNavigationTiming | undefined;
          const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
            (entry) => entry.initiatorType === "script",
          );
          return {
            htmlMs: nav?.responseEnd ?? 0,
            scriptBytes: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
          };
        });
        if (i > 0) html.push(shape.htmlMs);
        scriptKib = shape.scriptBytes / 1024;
      } finally {
        await page.close();
      }
    }
    const [first = 0, ...rest] = times;
    out.push({
      path: probe.path,
      name: probe.name,
      firstMs: first,
      medianMs: rest.length > 0 ? median(rest) : first,
      loads: times,
      htmlMs: median(html),
      scriptKib,
    });
  }
  return out;
}
