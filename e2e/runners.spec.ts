/**
 * The Runners view: a runner appears in its label pool when a job lands on
 * it, goes busy and back to idle live, links to the job it runs, and the
 * filters live in the URL; a GitHub-hosted runner leaves when its job ends and
 * its minutes and cost show under Hosted usage.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** A job on a named runner with its own label pool, running or finished. */
function jobOn(id: number, runner: string, pool: string, stage: "running" | "success") {
  const running = stage === "running";
  return workflowJob("workflow_job.in_progress.3.json", id, {
    action: running ? "in_progress" : "completed",
    repo: `e2e-runners-${id}/api`,
    job: {
      run_id: freshId(),
      runner_name: runner,
      runner_group_name: "e2e-group",
      labels: [pool, "linux"],
      created_at: minutesAgo(2),
      started_at: minutesAgo(1),
      status: running ? "in_progress" : "completed",
      conclusion: running ? null : "success",
      completed_at: running ? null : minutesAgo(0),
    },
  });
}

test("a runner goes busy and idle live, in its label pool, without a reload", async ({ page, request }) => {
  const id = freshId();
  const runner = `e2e-runner-${id}`;
  const pool = `e2e-pool-${id}`;
  const poolKey = ["linux", pool].sort().join(", ");

  await page.goto("/runners");
  await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const section = page.locator(`[data-testid="runner-pool"][data-pool="${poolKey}"]`);
  const row = section.locator(`[data-testid="runner-row"][data-runner-id="github:${runner}"]`);

  await deliver(request, jobOn(id, runner, pool, "running"));
  await expect(row).toHaveAttribute("data-status", "busy");
  await expect(row).toContainText("Busy");
  await expect(row).toContainText("GitHub");
  await expect(row).toContainText("e2e-group");
  await expect(row.getByRole("link")).toHaveAttribute("href", `/jobs/${encodeURIComponent(`github:${id}`)}`);
  await expect(section.getByTestId("pool-count-busy")).toContainText("1 busy");
  await expect(section.getByRole("heading", { level: 2 })).toContainText(pool);

  await deliver(request, jobOn(id, runner, pool, "success"));
  await expect(row).toHaveAttribute("data-status", "idle");
  await expect(row).toContainText("Idle");
  await expect(section.getByTestId("pool-count-idle")).toContainText("1 idle");
  await expect(section.getByTestId("pool-count-busy")).toContainText("0 busy");

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/runners-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/runners-dark.png", fullPage: true });
});

test("runner filters live in the URL", async ({ page, request }) => {
  const id = freshId();
  const busy = `e2e-busy-${id}`;
  const idle = `e2e-idle-${id}`;
  await deliver(request, jobOn(id, busy, `e2e-filter-${id}`, "running"));
  const other = freshId();
  await deliver(request, jobOn(other, idle, `e2e-filter-${id}`, "success"));

  await page.goto("/runners");
  await page.getByRole("searchbox", { name: "Search" }).fill(`-${id}`);
  await expect(page).toHaveURL(new RegExp(`[?&]q=-${id}`));
  const rows = page.getByTestId("runner-row");
  await expect(rows).toHaveCount(2);

  await page.getByRole("group", { name: "Status" }).getByLabel("Busy").check();
  await expect(page).toHaveURL(/[?&]status=busy/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-runner-id", `github:${busy}`);

  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(`-${id}`);
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: /clear filters/i }).click();
  await expect(page).not.toHaveURL(/q=/);
});

test("Runners passes an accessibility check in light and dark themes", async ({ page, request }) => {
  // Two full-page axe runs; on a busy machine each takes several seconds.
  test.slow();
  const id = freshId();
  await deliver(request, jobOn(id, `e2e-a11y-${id}`, `e2e-a11y-${id}`, "running"));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/runners");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("runner-row").first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});

test("a hosted runner leaves when its job ends; its minutes and cost show under Hosted usage", async ({
  page,
  request,
}) => {
  test.slow();
  const id = freshId();
  const runner = `GitHub Actions ${id}`;
  const repo = `e2e-usage-${id}/api`;
  // 2 min 30 s: 3 billable minutes at ubuntu-latest's $0.008 (playwright.config.ts) → $0.024.
  const started = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
  const hosted = (stage: "running" | "success") =>
    workflowJob("workflow_job.in_progress.3.json", id, {
      action: stage === "running" ? "in_progress" : "completed",
      repo,
      job: {
        run_id: freshId(),
        runner_name: runner,
        runner_group_name: "GitHub Actions",
        labels: ["ubuntu-latest"],
        created_at: new Date(started - 5_000).toISOString(),
        started_at: new Date(started).toISOString(),
        status: stage === "running" ? "in_progress" : "completed",
        conclusion: stage === "running" ? null : "success",
        completed_at: stage === "running" ? null : new Date(started + 150_000).toISOString(),
      },
    });

  await page.goto("/runners");
  await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();
  const row = page.locator(`[data-testid="runner-row"][data-runner-id="github:${runner}"]`);
  await deliver(request, hosted("running"));
  await expect(row).toHaveAttribute("data-status", "busy");
  const section = page.locator('[data-testid="runner-pool"][data-pool="ubuntu-latest"]');
  await expect(section.getByTestId("pool-kind-select")).toHaveValue("auto");
  await expect(section.getByTestId("pool-kind-select")).toContainText("Automatic (hosted)");

  await deliver(request, hosted("success"));
  await expect(row).toHaveCount(0);

  await page.reload();
  const usage = page.getByTestId("hosted-usage");
  await expect(usage.getByRole("heading", { name: "Hosted usage" })).toBeVisible();
  const repoRow = usage.getByTestId("usage-repo-row").filter({ hasText: repo });
  await expect(repoRow.locator("td")).toHaveText([repo, "1", "3", "$0.02"]);
  await expect(usage.getByTestId("usage-pool-row").filter({ hasText: "ubuntu-latest" })).toBeVisible();

  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await usage.screenshot({ path: `test-results/screenshots/runners-usage-${colorScheme}.png` });
    const results = await new AxeBuilder({ page })
      .include('[data-testid="hosted-usage"]')
      .withTags(["wcag2a", "wcag2aa"])
      .analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});
