/**
 * The Insights view, as a person sees it: three hours of the demo's simulated
 * CI history (GitHub, GitLab and home-grown runners, sent as signed webhooks)
 * drawn as figures and charts; filters live in the URL and redraw the charts.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_GITHUB_SECRET, E2E_SOURCE_SECRETS } from "../playwright.config";
import { sendDemoHistory } from "./demo-history";
import { chartsFitTheirBoxes, showColorScheme, transitionsDone } from "./settle";

/** Charts every Insights page draws, by test id. */
const CHARTS = [
  "chart-success-rate",
  "chart-throughput",
  "chart-outcomes",
  "chart-duration",
  "chart-queue-time",
  "chart-failure-causes",
];

const count = new Intl.NumberFormat("en-US");

// Playwright reads which fixtures a hook needs from this pattern; this one needs none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  // About 600 deliveries: well inside the webhook rate budget the later specs also draw on.
  testInfo.setTimeout(180_000);
  const stats = await sendDemoHistory({
    baseUrl: String(testInfo.project.use.baseURL),
    secrets: {
      github: E2E_GITHUB_SECRET,
      gitlab: E2E_SOURCE_SECRETS.gitlab,
      generic: E2E_SOURCE_SECRETS.generic,
    },
    hours: 3,
    ratePerMinute: 0.25,
    seed: "e2e-insights",
  });
  expect(stats.rejected).toBe(0);
  expect(stats.accepted).toBeGreaterThan(100);
});

/**
 * Waits until every chart has drawn its series (a path inside its SVG). Generous: the
 * page's chart code is the largest the dashboard loads, slow to start on a busy 2-core machine.
 */
async function expectChartsDrawn(page: Page) {
  for (const id of CHARTS) {
    await expect(page.getByTestId(id).locator("svg path").first()).toBeVisible({ timeout: 30_000 });
  }
}

test("Insights draws its charts from the demo data; filters update the URL and the charts", async ({
  page,
  request,
}) => {
  test.slow();
  await page.goto("/insights?window=6h");
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expectChartsDrawn(page);
  await expect(
    page.getByRole("img", { name: /^Success rate per 5 minutes over the last 6h: / }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: /^Top failure causes over the last 6h/ })).toBeVisible();
  await expect(page.getByTestId("workflows-slowest").getByTestId("workflow-row").first()).toBeVisible();

  // The headline figures are the API's.
  const all = await (await request.get("/api/v1/metrics/summary?window=6h")).json();
  expect(all.throughput.finished).toBeGreaterThan(0);
  await expect(page.getByTestId("summary-throughput")).toHaveText(count.format(all.throughput.finished));

  await page.screenshot({ path: "test-results/screenshots/insights-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/insights-dark.png", fullPage: true });
  await showColorScheme(page, "light");
  // The README's picture: the first screenful on a wide screen.
  await page.setViewportSize({ width: 1440, height: 900 });
  await chartsFitTheirBoxes(page);
  await transitionsDone(page);
  await page.screenshot({ path: "test-results/screenshots/insights-viewport.png" });
  await page.setViewportSize({ width: 1280, height: 720 });

  // A tooltip gives exact values.
  const duration = page.getByTestId("panel-duration");
  // Centred, so the sticky header does not cover it in the picture.
  await duration.evaluate((element) => element.scrollIntoView({ block: "center" }));
  const box = (await page.getByTestId("chart-duration").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.6);
  await expect(duration.getByText(/^p95$/).first()).toBeVisible();
  await duration.screenshot({ path: "test-results/screenshots/insights-tooltip.png" });

  // Source: the URL and every figure follow.
  const throughput = page.getByTestId("chart-throughput");
  const before = await throughput.getAttribute("aria-label");
  await page.getByLabel("Source").selectOption("gitlab");
  await expect(page).toHaveURL(/[?&]source=gitlab/);
  const gitlab = await (await request.get("/api/v1/metrics/summary?window=6h&source=gitlab")).json();
  expect(gitlab.throughput.finished).toBeLessThan(all.throughput.finished);
  await expect(page.getByTestId("summary-throughput")).toHaveText(count.format(gitlab.throughput.finished));
  await expect(throughput).not.toHaveAttribute("aria-label", before!);
  await expectChartsDrawn(page);

  // Repository: narrows the workflow tables to it.
  const slowest = page.getByTestId("workflows-slowest").getByTestId("workflow-row");
  const repo = (await slowest.first().getByTestId("workflow-repo").textContent())!.trim();
  await page.getByLabel("Repository").fill(repo);
  await expect(page).toHaveURL(new RegExp(`[?&]repo=${encodeURIComponent(repo)}`));
  await expect(async () => {
    const repos = await slowest.getByTestId("workflow-repo").allTextContents();
    expect(new Set(repos.map((r) => r.trim()))).toEqual(new Set([repo]));
  }).toPass();

  // Window and split: in the URL too, and the URL alone reproduces the view.
  await page.getByRole("radio", { name: "Last 24 hours" }).check();
  await expect(page).not.toHaveURL(/window=/);
  await page.getByLabel(/Split success rate and duration by/).selectOption("branch");
  await expect(page).toHaveURL(/[?&]groupBy=branch/);
  await expect(page.getByRole("img", { name: /one line per branch/ }).first()).toBeVisible();
  const url = page.url();
  await page.goto(url);
  await expect(page.getByLabel("Source")).toHaveValue("gitlab");
  await expect(page.getByLabel("Repository")).toHaveValue(repo);
  await expect(page.getByRole("radio", { name: "Last 24 hours" })).toBeChecked();
  await expect(page.getByRole("img", { name: /one line per branch/ }).first()).toBeVisible();
});

test("Insights passes an accessibility check in light and dark themes", async ({ page }) => {
  // Two full-page axe runs over a page of charts; on a busy machine each takes several seconds.
  test.slow();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/insights?window=6h");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectChartsDrawn(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});
