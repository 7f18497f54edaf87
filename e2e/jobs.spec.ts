/**
 * The Jobs history: filters live in the URL and narrow the rows; a row opens
 * the job's detail view with its steps.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";

test("filters change the URL and the rows; a row opens the job with its steps", async ({ page, request }) => {
  const suffix = String(freshId());
  const repoA = `e2e-jobs-${suffix}/web`;
  const repoB = `e2e-jobs-${suffix}/api`;
  const ids = { webOk: freshId(), apiFail: freshId(), apiRunning: freshId() };
  const times = { created_at: minutesAgo(10), started_at: minutesAgo(9), completed_at: minutesAgo(5) };
  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", ids.webOk, { repo: repoA, job: times }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.completed.1.json", ids.apiFail, { repo: repoB, job: times }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.in_progress.3.json", ids.apiRunning, {
      repo: repoB,
      job: { created_at: minutesAgo(3), started_at: minutesAgo(2) },
    }),
  );

  await page.goto("/jobs");
  const rows = page.locator('[data-testid="jobs-table"] [data-testid="job-row"]');
  await expect(rows.first()).toBeVisible();

  await page.getByLabel("Repository").fill(repoB);
  await expect(page).toHaveURL(new RegExp(`[?&]repo=${encodeURIComponent(repoB).replace(/%/g, "%")}`));
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: repoA })).toHaveCount(0);

  await page.getByRole("group", { name: "Status" }).getByLabel("Failure").check();
  await expect(page).toHaveURL(/[?&]status=failure/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-job-id", `github:${ids.apiFail}`);
  await page.screenshot({ path: "test-results/screenshots/jobs-filtered.png", fullPage: true });

  // The URL alone reproduces the view.
  await page.reload();
  await expect(page.getByLabel("Repository")).toHaveValue(repoB);
  await expect(rows).toHaveCount(1);

  await rows.first().getByRole("link", { name: "linters", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/github(%3A|:)${ids.apiFail}$`));
  const detail = page.getByTestId("job-detail");
  await expect(detail).toHaveAttribute("data-status", "failure");
  await expect(page.getByTestId("job-step")).toHaveCount(12);
  await expect(page.getByTestId("failure-cause")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/job-detail.png", fullPage: true });

  // Back restores the filtered view; "Clear filters" empties it and the URL.
  await page.goBack();
  await expect(page.getByLabel("Repository")).toHaveValue(repoB);
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: /clear filters/i }).click();
  await expect(page).not.toHaveURL(/repo=/);
  await expect(page.getByLabel("Repository")).toHaveValue("");
});

test("a job that newly matches the filters appears on Jobs without a reload", async ({ page, request }) => {
  const repo = `e2e-jobs-live-${freshId()}/svc`;
  await page.goto(`/jobs?repo=${encodeURIComponent(repo)}`);
  await expect(page.getByText(/no jobs/i).first()).toBeVisible();
  const id = freshId();
  await deliver(
    request,
    workflowJob("workflow_job.in_progress.3.json", id, {
      repo,
      job: { created_at: minutesAgo(1), started_at: minutesAgo(0) },
    }),
  );
  const row = page.locator(`[data-testid="job-row"][data-job-id="github:${id}"]`);
  await expect(row).toHaveAttribute("data-status", "running");
});

test("Jobs and job detail pass an accessibility check in light and dark themes", async ({
  page,
  request,
}) => {
  const id = freshId();
  await deliver(request, workflowJob("workflow_job.completed.1.json", id, { repo: "e2e-a11y/api" }));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const path of ["/jobs?status=failure", `/jobs/github%3A${id}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByTestId("job-row").or(page.getByTestId("job-detail")).first()).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    }
  }
});
