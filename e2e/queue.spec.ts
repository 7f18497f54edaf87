/**
 * The Queue view, as a person sees it: a job waiting with no runner for its
 * labels shows as stuck in its pool, its wait ticking; another job queuing
 * for the pool raises the count live, without a reload.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** A job queued `minutes` ago for a pool no runner serves, from the real queued fixture. */
const queued = (id: number, label: string, minutes: number) =>
  workflowJob("workflow_job.queued.1.json", id, {
    repo: `e2e-queue-${id}/api`,
    job: {
      run_id: freshId(),
      labels: [label],
      // Queued: no runner has it yet (the fixture names one, which would make the pool look served).
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

test("a stuck job shows in its pool, its wait ticking, and the queue follows live", async ({
  page,
  request,
}) => {
  const id = freshId();
  const label = `e2e-nowhere-${id}`;
  await deliver(request, queued(id, label, 20));

  await page.goto(`/queue?label=${label}`);
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
  await markNoReload(page);
  const pool = page.locator(`[data-testid="queue-pool"][data-pool="${label}"]`);
  await expect(pool).toHaveAttribute("data-stuck", "true");
  await expect(pool.getByTestId("pool-queued")).toHaveText("1");
  await expect(pool).toContainText("1 stuck");

  const stuck = page.locator(`[data-testid="stuck-job"][data-job-id="github:${id}"]`);
  await expect(stuck.getByRole("link", { name: "update" })).toHaveAttribute(
    "href",
    `/jobs/${encodeURIComponent(`github:${id}`)}`,
  );
  // The wait ticks every second.
  const wait = stuck.locator("time");
  const before = await wait.textContent();
  await expect(wait).not.toHaveText(before!, { timeout: 5000 });
  await expect(wait).toHaveText(/^20m \d\ds$/);

  // Another job queues for the same pool: the count follows without a reload.
  await deliver(request, queued(freshId(), label, 1));
  await expect(pool.getByTestId("pool-queued")).toHaveText("2");
  await expect(page.getByTestId("queue-total-queued")).toHaveText("2");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  await page.goto("/queue");
  await expect(page.getByTestId("queue-pool").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/queue-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/queue-dark.png", fullPage: true });
});

test("Queue passes an accessibility check in light and dark themes", async ({ page }) => {
  test.slow();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/queue");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("queue-pool").first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});
