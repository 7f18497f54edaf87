/**
 * The Jobs history: filters live in the URL and narrow the rows; a row opens
 * the job's detail view with its steps. Filters suggest known values and take
 * a day range; a job page shows the job's history and links to its run and runner.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
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

  // An exact filter: typed text applies on Enter (or on leaving the field), not mid-word.
  await page.getByLabel("Repository").fill(repoB);
  await page.getByLabel("Repository").press("Enter");
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

/** The day `daysAgo` days before today in the browser's time zone, as a date input writes it. */
const localDay = (page: Page, daysAgo = 0) =>
  page.evaluate((days) => {
    const d = new Date(Date.now() - days * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, daysAgo);

test("a suggestion applies an exact filter kept in the URL; a day range narrows the rows", async ({
  page,
  request,
}) => {
  const owner = `e2e-suggest-${freshId()}`;
  const repo = `${owner}/svc`;
  const ids = { recent: freshId(), old: freshId() };
  const daysAgo = 3 * 24 * 60;
  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", ids.recent, {
      repo,
      job: { created_at: minutesAgo(10), started_at: minutesAgo(9), completed_at: minutesAgo(5) },
    }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.completed.1.json", ids.old, {
      repo,
      job: {
        created_at: minutesAgo(daysAgo),
        started_at: minutesAgo(daysAgo - 1),
        completed_at: minutesAgo(daysAgo - 4),
      },
    }),
  );

  await page.goto("/jobs");
  const rows = page.locator('[data-testid="jobs-table"] [data-testid="job-row"]');
  await expect(rows.first()).toBeVisible();

  // Typing a prefix suggests the repository; the keyboard picks it.
  const repoBox = page.getByRole("combobox", { name: "Repository" });
  await repoBox.fill(owner.toUpperCase());
  const option = page.getByRole("option", { name: repo, exact: true });
  await expect(option).toBeVisible();
  await expect(repoBox).toHaveAttribute("aria-expanded", "true");
  await page.screenshot({ path: "test-results/screenshots/jobs-suggestions.png", fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.map((v) => `suggestions ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  await repoBox.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await repoBox.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]repo=${encodeURIComponent(repo)}(&|$)`));
  await expect(repoBox).toHaveValue(repo);
  await expect(repoBox).toHaveAttribute("aria-expanded", "false");
  await expect(rows).toHaveCount(2);

  // A click on a job-name suggestion applies it too.
  const nameBox = page.getByRole("combobox", { name: "Job name" });
  await nameBox.fill("lint");
  await page.getByRole("option", { name: "linters", exact: true }).click();
  await expect(page).toHaveURL(/[?&]name=linters(&|$)/);
  await expect(rows).toHaveCount(2);

  // From today: the job of three days ago drops out.
  const today = await localDay(page);
  await page.getByLabel("From", { exact: true }).fill(today);
  await expect(page).toHaveURL(new RegExp(`[?&]since=${today}(&|$)`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-job-id", `github:${ids.recent}`);

  // The URL alone reproduces the view.
  await page.reload();
  // Typing before React hydrates the server's HTML would be lost (as for a person).
  await expect(page.getByRole("search", { name: "Filter jobs" })).toHaveAttribute("data-hydrated", "");
  await expect(repoBox).toHaveValue(repo);
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(today);
  await expect(rows).toHaveCount(1);
  await page.screenshot({ path: "test-results/screenshots/jobs-day-range.png", fullPage: true });

  // From five days ago to the day before yesterday: only the old job.
  await page.getByLabel("From", { exact: true }).fill(await localDay(page, 5));
  const before = await localDay(page, 2);
  await page.getByLabel("To", { exact: true }).fill(before);
  await expect(page).toHaveURL(new RegExp(`[?&]until=${before}(&|$)`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-job-id", `github:${ids.old}`);
});

test("a job page shows the job's history as a sparkline and links to its run and runner", async ({
  page,
  request,
}) => {
  const repo = `e2e-history-${freshId()}/api`;
  const runs = { first: freshId(), second: freshId() };
  const ids = { failed: freshId(), retried: freshId(), latest: freshId(), otherBranch: freshId() };
  const times = (queued: number, minutes: number) => ({
    created_at: minutesAgo(queued),
    started_at: minutesAgo(queued - 1),
    completed_at: minutesAgo(queued - 1 - minutes),
  });
  await deliver(
    request,
    workflowJob("workflow_job.completed.1.json", ids.failed, {
      repo,
      job: { ...times(60, 3), run_id: runs.first, run_attempt: 1 },
    }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", ids.retried, {
      repo,
      job: { ...times(45, 8), run_id: runs.first, run_attempt: 2 },
    }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", ids.latest, {
      repo,
      job: { ...times(20, 5), run_id: runs.second, run_attempt: 1 },
    }),
  );
  await deliver(
    request,
    workflowJob("workflow_job.completed.2.json", ids.otherBranch, {
      repo,
      job: { ...times(10, 2), run_id: freshId(), head_branch: "dev" },
    }),
  );

  await page.goto(`/jobs/github%3A${ids.latest}`);
  const history = page.getByTestId("job-history");
  const items = history.getByTestId("job-history-item");
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toHaveAttribute("data-job-id", `github:${ids.latest}`);
  await expect(items.nth(1)).toHaveAttribute("data-job-id", `github:${ids.retried}`);
  await expect(items.nth(2)).toHaveAttribute("data-job-id", `github:${ids.failed}`);
  await expect(items.nth(1)).toContainText("attempt 2");
  const sparkline = page.getByRole("img", { name: /^Durations of the last 3 runs of this job/ });
  await expect(sparkline).toHaveAttribute("data-points", "3");
  await expect(sparkline).toHaveAccessibleName(
    "Durations of the last 3 runs of this job, oldest first: from 3m 00s to 8m 00s; this run 5m 00s",
  );
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `test-results/screenshots/job-history-${colorScheme}.png`,
      fullPage: true,
    });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }

  // A history row opens that job.
  await items.nth(2).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/jobs/github(%3A|:)${ids.failed}$`));
  await expect(page.getByTestId("job-detail")).toHaveAttribute("data-status", "failure");
  // The first of its series: nothing earlier to show.
  await expect(page.getByTestId("job-history")).toContainText(
    "No earlier attempts or runs of this job on this branch.",
  );
  await expect(page.getByTestId("job-history-item")).toHaveCount(0);

  // Its run, on the Pipelines page; its runner, on the Runners page.
  await page.getByTestId("job-run-link").click();
  await expect(page).toHaveURL(
    new RegExp(`/pipelines\\?source=github&repo=${encodeURIComponent(repo)}&workflow=CodeQL&branch=main$`),
  );
  await expect(page.getByText(repo).first()).toBeVisible();
  await page.goBack();
  await page.getByTestId("job-runner-link").click();
  await expect(page).toHaveURL(/\/runners\?source=github&q=GitHub\+Actions\+5$/);
});
