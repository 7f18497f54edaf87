/**
 * The Sources view: one card per webhook endpoint, saying whether it is
 * configured and which variable to set, with its exact URL and setup steps;
 * delivery counts change live as deliveries arrive, accepted or refused.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { OPEN_BASE_URL } from "../playwright.config";
import { deliver, freshId, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const SOURCES = ["github", "gitlab", "buildkite", "jenkins", "generic"];

test("every source has a card; counts change live as deliveries arrive", async ({
  page,
  request,
  baseURL,
}) => {
  await page.goto("/sources");
  await expect(page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();
  const cards = page.getByTestId("source-card");
  await expect(cards).toHaveCount(SOURCES.length);
  for (const source of SOURCES) await expect(page.locator(`[data-source="${source}"]`)).toBeVisible();

  // The e2e server sets no Buildkite token.
  const github = page.locator('[data-testid="source-card"][data-source="github"]');
  const buildkite = page.locator('[data-testid="source-card"][data-source="buildkite"]');
  await expect(github).toHaveAttribute("data-configured", "true");
  await expect(github).toContainText("Configured");
  await expect(buildkite).toHaveAttribute("data-configured", "false");
  await expect(buildkite).toContainText("Not configured");
  await expect(buildkite.getByTestId("source-unconfigured")).toContainText("RUNWATCH_BUILDKITE_TOKEN");
  await expect(github.getByTestId("source-webhook-url")).toHaveText(`${baseURL}/api/v1/webhooks/github`);
  await expect(github.getByRole("button", { name: "Copy GitHub webhook URL" })).toBeVisible();

  // Setup steps are collapsed until asked for, and name the secret and events to choose.
  await expect(github.getByText("Workflow jobs")).toBeHidden();
  await github.getByText("How to connect GitHub").click();
  await expect(github.getByText("Workflow jobs")).toBeVisible();
  await expect(github.getByText("RUNWATCH_GITHUB_SECRET").first()).toBeVisible();

  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const accepted = github.getByTestId("source-count-accepted");
  const rejected = github.getByTestId("source-count-rejected");
  const before = {
    accepted: Number(await accepted.textContent()),
    rejected: Number(await rejected.textContent()),
  };

  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", freshId(), { repo: "e2e-sources/api" }),
  );
  await expect(accepted).toHaveText(String(before.accepted + 1));
  await expect(github.getByTestId("source-last-delivery")).not.toHaveText("never");

  const forged = await request.post("/api/v1/webhooks/github", {
    data: JSON.stringify({ zen: "forged" }),
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": `e2e-forged-${freshId()}`,
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    },
  });
  expect(forged.status()).toBe(401);
  await expect(rejected).toHaveText(String(before.rejected + 1));

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/sources-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/sources-dark.png", fullPage: true });
});

test("Sources passes an accessibility check in light and dark themes, steps open", async ({ page }) => {
  // Two full-page axe runs; on a busy machine each takes several seconds.
  test.slow();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/sources");
    await expect(page.getByTestId("source-card")).toHaveCount(SOURCES.length);
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});

test("with RUNWATCH_AUTH=off the new pages open, under the warning banner", async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: OPEN_BASE_URL,
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  for (const [path, heading] of [
    ["/sources", "Sources"],
    ["/pipelines", "Pipelines"],
    ["/runners", "Runners"],
  ] as const) {
    await page.goto(path);
    await expect(page).toHaveURL(`${OPEN_BASE_URL}${path}`);
    await expect(page.getByTestId("auth-off-banner")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await page.goto("/sources");
  await expect(page.getByTestId("source-card")).toHaveCount(SOURCES.length);
  await context.close();
});
