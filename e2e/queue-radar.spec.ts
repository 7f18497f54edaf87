/**
 * The stall radar as a person sees it: a job waiting for labels no runner
 * serves shows an "Orphan label" diagnosis on its pool card and in the Live
 * page's header, the header following a new diagnosis live without a reload;
 * a job queued for 28 days shows as stale and one click marks it lost, which
 * takes it out of the queue. Light and dark screenshots; axe on both pages.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** A job queued `minutes` ago asking for `labels`, from the real queued fixture, no runner yet. */
const queued = (id: number, labels: string[], minutes: number) =>
  workflowJob("workflow_job.queued.1.json", id, {
    repo: `e2e-radar-${id}/api`,
    job: {
      run_id: freshId(),
      labels,
      runner_id: null,
      runner_name: null,
      runner_group_id: null,
      runner_group_name: null,
      created_at: minutesAgo(minutes),
      started_at: minutesAgo(minutes),
    },
  });

const markNoReload = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
const noReload = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload);

test("an orphan label shows on its pool and live in the Live header; a stale job is marked lost in one click", async ({
  page,
  request,
}) => {
  const id = freshId();
  const label = `e2e-orphan-${id}`;
  const pool = `${label}, self-hosted`;
  await deliver(request, queued(id, ["self-hosted", label], 2));

  await page.goto(`/queue?label=${label}`);
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
  const card = page.locator(`[data-testid="queue-pool"][data-pool="${pool}"]`);
  await expect(card).toHaveAttribute("data-diagnosed", "true");
  await expect(card.locator('[data-testid="diagnosis"][data-kind="orphan_label"]')).toContainText(
    `\`self-hosted\`, \`${label}\`, and no runner seen serves those labels`,
  );

  // The Live page's header lists it; a second orphan pool appears there live.
  await page.goto("/");
  const header = page.getByTestId("live-diagnoses");
  await expect(
    header.locator('[data-testid="diagnosis"][data-kind="orphan_label"]', { hasText: pool }),
  ).toBeVisible();
  await markNoReload(page);
  const later = `e2e-orphan-${freshId()}`;
  await deliver(request, queued(freshId(), ["self-hosted", later], 1));
  await expect(
    header.locator('[data-testid="diagnosis"][data-kind="orphan_label"]', {
      hasText: `${later}, self-hosted`,
    }),
  ).toBeVisible({ timeout: 15_000 });
  expect(await noReload(page)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/live-radar-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/live-radar-dark.png", fullPage: true });
  await showColorScheme(page, "light");

  // A job queued 28 days ago is stale: one click marks it lost and it leaves the queue.
  const staleId = freshId();
  const staleLabel = `e2e-stale-${staleId}`;
  await deliver(request, queued(staleId, [staleLabel], 28 * 24 * 60));
  await page.goto(`/queue?label=${staleLabel}`);
  const row = page.locator(`[data-testid="stale-job"][data-job-id="github:${staleId}"]`);
  await expect(row).toContainText("has been queued for 28 days");
  // Named, not only by id: the job's name links to it, its repository and workflow under it.
  await expect(row.getByRole("link")).toHaveText("update");
  await expect(row.getByTestId("stale-job-where")).toHaveText(`e2e-radar-${staleId}/api · CodeQL`);
  await page.screenshot({ path: "test-results/screenshots/queue-radar-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/queue-radar-dark.png", fullPage: true });
  await row.getByRole("button", { name: "Mark lost" }).click();
  await expect(page.getByTestId("queue-total-queued")).toHaveText("0");
  await expect(row).toHaveCount(0);
});

test("the radar's views pass an accessibility check in light and dark themes", async ({ page, request }) => {
  test.slow();
  const id = freshId();
  await deliver(request, queued(id, ["self-hosted", `e2e-axe-${id}`], 3));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [path, ready] of [
      ["/queue", '[data-testid="diagnosis"]'],
      ["/", '[data-testid="live-diagnoses"]'],
    ] as const) {
      await page.goto(path);
      await expect(page.locator(ready).first()).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(
        results.violations.map((v) => `${colorScheme} ${path} ${v.id}: ${v.help} (${v.nodes.length})`),
      ).toEqual([]);
    }
  }
});
