/**
 * The Triage view, as a person sees it: a failure delivered by webhook joins
 * its group and the live total without a reload; a group opens onto its
 * failing jobs, with the failing step and links to the job and the vendor's log.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** A failed `linters` job (its "Run yarn run format-check" step failed), from the real fixture, finished just now. */
const failure = (id: number, repo: string) =>
  workflowJob("workflow_job.completed.1.json", id, {
    repo,
    job: {
      run_id: freshId(),
      created_at: minutesAgo(4),
      started_at: minutesAgo(3),
      completed_at: minutesAgo(0),
    },
  });

const markNoReload = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
const stillNoReload = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload);

test("a failure delivered by webhook appears on Triage without a reload", async ({ page, request }) => {
  const [first, second] = [freshId(), freshId()];
  const repo = `e2e-triage-${first}/api`;

  await page.goto(`/triage?repo=${encodeURIComponent(repo)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Triage" })).toBeVisible();
  await expect(page.getByText("No failures match these filters in the last 24 hours.")).toBeVisible();
  await markNoReload(page);

  await deliver(request, failure(first, repo));
  const total = page.getByTestId("triage-total");
  await expect(total).toHaveText("1 in the last 24 hours");
  const group = page.getByTestId("failure-group");
  await expect(group).toHaveCount(1);
  await expect(group.getByTestId("failure-group-count")).toHaveText("1");

  // The group opens onto its failing jobs.
  const toggle = group.getByRole("button");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const job = page.locator(`[data-testid="failed-job"][data-job-id="github:${first}"]`);
  await expect(job).toContainText("linters");
  await expect(job).toContainText(`${repo} · main · CodeQL`);
  await expect(job).toContainText("Run yarn run format-check");
  await expect(job).toContainText("GitHub Actions 5");
  await expect(job.getByRole("link", { name: "linters" })).toHaveAttribute(
    "href",
    `/jobs/${encodeURIComponent(`github:${first}`)}`,
  );
  const log = job.getByRole("link", { name: /vendor log/i });
  await expect(log).toHaveAttribute("href", "https://github.com/octo-org/octo-repo/runs/1291536064");
  await expect(log).toHaveAttribute("rel", "noreferrer");
  await expect(log).toHaveAttribute("target", "_blank");

  // A second failure arrives while the group is open: the count and the list follow, live.
  await deliver(request, failure(second, repo));
  await expect(total).toHaveText("2 in the last 24 hours");
  await expect(group.getByTestId("failure-group-count")).toHaveText("2");
  await expect(page.locator(`[data-testid="failed-job"][data-job-id="github:${second}"]`)).toBeVisible();
  expect(await stillNoReload(page)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/triage-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/triage-dark.png", fullPage: true });

  // By workflow: the toggle is in the URL, and the group is the repository's workflow.
  await page.getByRole("radio", { name: "By workflow" }).check();
  await expect(page).toHaveURL(/[?&]group=workflow/);
  await expect(group).toHaveAttribute("data-key", `${repo} · CodeQL`);
  await expect(group.getByTestId("failure-group-count")).toHaveText("2");
  expect(await stillNoReload(page)).toBe(true);

  // Infra or code: who must act. No log was fetched (no read token), so the cause tells: a failed lint step is the code's.
  await page.getByRole("radio", { name: "Infra or code" }).check();
  await expect(page).toHaveURL(/[?&]group=category/);
  await expect(group).toHaveAttribute("data-key", "code");
  await expect(group).toContainText("Code (tests, build, lint)");
  await expect(group.getByTestId("failure-group-count")).toHaveText("2");
});

test("a cancellation is not a failure: Triage lists it only behind the Cancellations toggle", async ({
  page,
  request,
}) => {
  const [failed, cancelled] = [freshId(), freshId()];
  const repo = `e2e-triage-cancel-${failed}/api`;
  await deliver(request, failure(failed, repo));
  const stopped = failure(cancelled, repo);
  (stopped.workflow_job as Record<string, unknown>).conclusion = "cancelled";
  await deliver(request, stopped);

  await page.goto(`/triage?repo=${encodeURIComponent(repo)}`);
  const total = page.getByTestId("triage-total");
  await expect(total).toHaveText("1 in the last 24 hours");
  await expect(page.getByTestId("failure-group")).toHaveCount(1);
  await expect(page.getByTestId("failure-group")).not.toHaveAttribute("data-key", "cancelled");

  await page.getByRole("radio", { name: "Cancellations" }).check();
  await expect(page).toHaveURL(/[?&]outcome=cancelled/);
  await expect(page.getByRole("heading", { name: /^Cancellations/ })).toBeVisible();
  await expect(total).toHaveText("1 in the last 24 hours");
  const group = page.getByTestId("failure-group");
  await expect(group).toHaveCount(1);
  await expect(group).toHaveAttribute("data-key", "cancelled");
  await group.getByRole("button").click();
  await expect(page.locator(`[data-testid="failed-job"][data-job-id="github:${cancelled}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="failed-job"][data-job-id="github:${failed}"]`)).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/triage-cancellations-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/triage-cancellations-dark.png", fullPage: true });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});

test("Triage passes an accessibility check in light and dark themes", async ({ page, request }) => {
  test.slow();
  const id = freshId();
  const repo = `e2e-triage-a11y-${id}/web`;
  await deliver(request, failure(id, repo));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`/triage?repo=${encodeURIComponent(repo)}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.getByTestId("failure-group").getByRole("button").click();
    await expect(page.getByTestId("failed-job")).toHaveCount(1);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});
