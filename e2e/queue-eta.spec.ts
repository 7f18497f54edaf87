/**
 * Queue ETAs, as a person sees them: a job queued in a pool with history shows
 * when it should start on the Queue page, the Jobs list and its own page (a
 * newly queued one gets its ETA live, without a reload); a pool without
 * history says "not enough data". Light and dark, axe clean.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const noRunner = { runner_id: null, runner_name: null, runner_group_id: null, runner_group_name: null };

/** A job queued `minutes` ago for `label`, from the real queued fixture. */
const queued = (id: number, label: string, minutes: number) =>
  workflowJob("workflow_job.queued.1.json", id, {
    repo: `e2e-eta-${label}/api`,
    job: {
      ...noRunner,
      run_id: freshId(),
      name: "build",
      labels: [label],
      created_at: minutesAgo(minutes),
      started_at: minutesAgo(minutes),
    },
  });

/** Five finished 10-minute jobs for `label`, each queued 2 min before it started: the pool's history. */
async function history(request: APIRequestContext, label: string): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    const start = 90 - i * 12;
    await deliver(
      request,
      workflowJob("workflow_job.completed.1.json", freshId(), {
        repo: `e2e-eta-${label}/api`,
        job: {
          run_id: freshId(),
          name: "build",
          labels: [label],
          runner_name: `${label}-runner`,
          created_at: minutesAgo(start + 2),
          started_at: minutesAgo(start),
          completed_at: minutesAgo(start - 10),
          steps: [],
        },
      }),
    );
  }
}

test("a queued job shows its ETA on Queue, Jobs and its page, live", async ({ page, request }) => {
  const label = `e2e-eta-${freshId()}`;
  const bare = `e2e-eta-bare-${freshId()}`;
  await history(request, label);
  const first = freshId();
  await deliver(request, queued(first, label, 0));
  await deliver(request, queued(freshId(), bare, 0));

  // Queue: the pool's oldest job with its ETA (no runner is online: the pool's 2-minute median queue time).
  await page.goto(`/queue?label=${label}`);
  const pool = page.locator(`[data-testid="queue-pool"][data-pool="${label}"]`);
  await expect(pool.getByTestId("job-eta")).toHaveText(/^starts in (~[12] min|<1 min)/);
  // Beside the pools: the queue depth over time, with the accuracy of the ETAs given.
  await expect(page.getByTestId("chart-queue-depth")).toBeVisible();
  await expect(page.getByTestId("eta-accuracy")).toContainText("Median error");
  await page.screenshot({ path: "test-results/screenshots/queue-eta-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/queue-eta-dark.png", fullPage: true });
  await showColorScheme(page, "light");
  await page.goto(`/queue?label=${bare}`);
  await expect(
    page.locator(`[data-testid="queue-pool"][data-pool="${bare}"]`).getByTestId("job-eta"),
  ).toHaveText("not enough data");

  // Jobs: a job queued while the page is open gets its ETA without a reload.
  await page.goto(`/jobs?status=queued&repo=${encodeURIComponent(`e2e-eta-${label}/api`)}`);
  const firstRow = page.locator(`[data-testid="job-row"][data-job-id="github:${first}"]`);
  await expect(firstRow.getByTestId("job-eta")).toHaveText(/^starts in/);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const second = freshId();
  await deliver(request, queued(second, label, 0));
  const secondRow = page.locator(`[data-testid="job-row"][data-job-id="github:${second}"]`);
  await expect(secondRow.getByTestId("job-eta")).toHaveText(/^starts in/);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // The job's page.
  await page.goto(`/jobs/${encodeURIComponent(`github:${first}`)}`);
  await expect(page.getByTestId("job-eta")).toHaveText(/^starts in/);
  await page.screenshot({ path: "test-results/screenshots/queue-eta-job-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/queue-eta-job-dark.png", fullPage: true });
});

test("ETAs pass an accessibility check in light and dark themes", async ({ page, request }) => {
  test.slow();
  const label = `e2e-eta-axe-${freshId()}`;
  await history(request, label);
  const id = freshId();
  await deliver(request, queued(id, label, 0));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const path of [
      `/queue?label=${label}`,
      `/jobs/${encodeURIComponent(`github:${id}`)}`,
      "/insights",
    ]) {
      await page.goto(path);
      await expect(
        page.getByTestId(path === "/insights" ? "chart-queue-depth" : "job-eta").first(),
      ).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${colorScheme} ${path} ${v.id}: ${v.help}`)).toEqual([]);
    }
  }
});
