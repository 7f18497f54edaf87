/**
 * The wallboard (`/wall`), as a wall screen shows it: tiles per repository or
 * pool, a failing job turns its tile red live and moves it first and larger,
 * Live's filters apply, `/?kiosk=1` leads there, and it passes axe in both themes.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { deliver } from "./github";
import { liveJob, runTag } from "./live-jobs";
import { showColorScheme } from "./settle";

const tiles = (page: Page) => page.getByTestId("wall-tile");
const tile = (page: Page, key: string) => page.locator(`[data-testid="wall-tile"][data-key="${key}"]`);

async function waitLive(page: Page) {
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected", {
    timeout: 30_000,
  });
}

test("a failing job turns its tile red live, first and larger", async ({ page, request }) => {
  const tag = runTag();
  const author = `wall-${tag}`;
  const green = `e2e-wall-${tag}/green`;
  const blue = `e2e-wall-${tag}/blue`;
  const red = `e2e-wall-${tag}/red`;
  await deliver(request, liveJob({ repo: green, state: "success", author }).body);
  await deliver(request, liveJob({ repo: red, state: "success", author, name: "unit" }).body);
  await deliver(request, liveJob({ repo: blue, state: "running", author }).body);

  await page.setViewportSize({ width: 1280, height: 720 });
  // The author filter keeps this run's tiles alone on the board.
  await page.goto(`/wall?author=${author}`);
  await waitLive(page);
  await expect(tiles(page)).toHaveCount(3);
  await expect(tile(page, blue)).toHaveAttribute("data-tone", "running");
  await expect(tile(page, green)).toHaveAttribute("data-tone", "passing");
  await expect(tile(page, red)).toHaveAttribute("data-tone", "passing");
  // No chrome: no site header or navigation, only the wallboard's own corner strip.
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Wallboard: repositories, 0 failing/);

  await deliver(request, liveJob({ repo: red, state: "failure", author: "breaker", name: "unit" }).body);
  // Still filtered by author: the breaker's job is not on this board, so the tile stays green.
  await page.waitForTimeout(500);
  await expect(tile(page, red)).toHaveAttribute("data-tone", "passing");

  await deliver(request, liveJob({ repo: red, state: "failure", author, name: "unit" }).body);
  await expect(tile(page, red)).toHaveAttribute("data-tone", "failing");
  await expect(tile(page, red)).toContainText("Failing: unit");
  await expect(tiles(page).first()).toHaveAttribute("data-key", red);
  const redBox = (await tile(page, red).boundingBox())!;
  const greenBox = (await tile(page, green).boundingBox())!;
  expect(redBox.width * redBox.height).toBeGreaterThan(3 * greenBox.width * greenBox.height);
  // The grid fills the screen without scrolling.
  const overflow = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
  expect(overflow).toEqual({ x: 0, y: 0 });
  await page.screenshot({ path: "test-results/screenshots/wall-light.png" });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/wall-dark.png" });

  // By pool: the three jobs ran on ubuntu-latest, so one tile, failing.
  await page.getByRole("link", { name: "Pools" }).click();
  await expect(page).toHaveURL(new RegExp(`/wall\\?author=${author}&by=pool$`));
  await expect(tiles(page)).toHaveCount(1);
  await expect(tile(page, "ubuntu-latest")).toHaveAttribute("data-tone", "failing");

  // A later success of the same job mends the repository's tile, live.
  await page.goto(`/wall?author=${author}`);
  await waitLive(page);
  await deliver(request, liveJob({ repo: red, state: "success", author, name: "unit" }).body);
  await expect(tile(page, red)).toHaveAttribute("data-tone", "passing");
});

test("kiosk mode leads to the wallboard with the same filters, and Live links there", async ({ page }) => {
  await page.goto("/?kiosk=1&repo=acme/api&by=pool");
  await expect(page).toHaveURL(/\/wall\?repo=acme%2Fapi&by=pool$/);
  await page.goto("/?branch=main");
  await expect(page.getByRole("link", { name: "Wallboard" })).toHaveAttribute("href", "/wall?branch=main");
});

test("the wallboard passes an accessibility check in light and dark themes", async ({ page, request }) => {
  const tag = runTag();
  const author = `wall-axe-${tag}`;
  await deliver(request, liveJob({ repo: `e2e-axe-${tag}/ok`, state: "success", author }).body);
  await deliver(request, liveJob({ repo: `e2e-axe-${tag}/bad`, state: "failure", author }).body);
  await deliver(request, liveJob({ repo: `e2e-axe-${tag}/busy`, state: "running", author }).body);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`/wall?author=${author}`);
    await expect(tiles(page)).toHaveCount(3);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
});
