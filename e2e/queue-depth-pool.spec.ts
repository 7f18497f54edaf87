/**
 * The queue depth chart's pool picker, on Queue and Insights: picking a pool
 * narrows the chart to it and is kept in the URL (`?pool=`), so a reload or a
 * shared link shows the same pool. Light and dark, axe clean.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

test("the queue depth chart follows the pool picked, on Queue and Insights, kept in the URL", async ({
  page,
  request,
}) => {
  const label = `e2e-depth-${freshId()}`;
  // A job queued in the pool: the Queue metrics know the pool, and its depth is sampled.
  await deliver(
    request,
    workflowJob("workflow_job.queued.1.json", freshId(), {
      repo: `${label}/api`,
      job: {
        runner_id: null,
        runner_name: null,
        runner_group_id: null,
        runner_group_name: null,
        run_id: freshId(),
        name: "build",
        labels: [label],
        created_at: minutesAgo(1),
        started_at: minutesAgo(1),
      },
    }),
  );

  for (const path of ["/queue", "/insights"]) {
    await page.goto(path);
    const panel = page.getByTestId("panel-queue-depth");
    const picker = page.getByLabel("Pool", { exact: true });
    await expect(picker).toHaveValue("");
    await expect(panel).toContainText("every pool");
    await picker.selectOption(label);
    await expect(page).toHaveURL(new RegExp(`[?&]pool=${label}(&|$)`));
    await expect(panel).toContainText(`Jobs waiting and running in ${label}`);
    await page.reload();
    await expect(page.getByLabel("Pool", { exact: true })).toHaveValue(label);
    await expect(page.getByTestId("panel-queue-depth")).toContainText(`in ${label}`);
    for (const colorScheme of ["light", "dark"] as const) {
      await showColorScheme(page, colorScheme);
      await page.getByTestId("panel-queue-depth").screenshot({
        path: `test-results/screenshots/queue-depth-pool${path.replace("/", "-")}-${colorScheme}.png`,
      });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${colorScheme} ${path} ${v.id}: ${v.help}`)).toEqual([]);
    }
    await showColorScheme(page, "light");
    // Back to every pool: the parameter leaves the URL.
    await page.getByLabel("Pool", { exact: true }).selectOption("");
    await expect(page).not.toHaveURL(/[?&]pool=/);
  }
});
