/**
 * One live view across CI systems: a GitHub job and a GitLab job delivered by
 * webhook appear together on Live and in Pipelines, without a reload.
 */
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { deliverGitlab, gitlabJob } from "./vendors";

test("deliveries from GitHub and GitLab appear together on Live and in Pipelines", async ({
  page,
  request,
}) => {
  const githubId = freshId();
  const githubRun = freshId();
  const gitlabId = freshId();
  const gitlabPipeline = freshId();

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await deliver(
    request,
    workflowJob("workflow_job.in_progress.3.json", githubId, {
      repo: "e2e-cross/web",
      job: { run_id: githubRun, created_at: minutesAgo(3), started_at: minutesAgo(2) },
    }),
  );
  await deliverGitlab(
    request,
    "Job Hook",
    gitlabJob(gitlabId, gitlabPipeline, {
      build_status: "running",
      build_name: "rspec",
      build_created_at: minutesAgo(4),
      build_started_at: minutesAgo(1),
    }),
  );

  const row = (id: string) =>
    page.locator(`[data-testid="live-active"] [data-testid="job-row"][data-job-id="${id}"]`);
  await expect(row(`github:${githubId}`)).toHaveAttribute("data-status", "running");
  await expect(row(`gitlab:${gitlabId}`)).toHaveAttribute("data-status", "running");
  await expect(row(`gitlab:${gitlabId}`)).toContainText("rspec");
  await expect(row(`gitlab:${gitlabId}`)).toContainText(/GitLab/i);
  await expect(row(`github:${githubId}`)).toContainText(/GitHub/i);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/live-cross-vendor.png", fullPage: true });

  await page.getByRole("link", { name: "Pipelines" }).click();
  const run = (id: string) => page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
  await expect(run(`github:${githubRun}`)).toHaveAttribute("data-status", "running");
  await expect(run(`gitlab:${gitlabPipeline}`)).toHaveAttribute("data-status", "running");

  // The GitLab job finishes while the page is open: its run follows, live.
  await deliverGitlab(
    request,
    "Job Hook",
    gitlabJob(gitlabId, gitlabPipeline, {
      build_status: "success",
      build_name: "rspec",
      build_created_at: minutesAgo(4),
      build_started_at: minutesAgo(1),
      build_finished_at: minutesAgo(0),
    }),
  );
  await expect(run(`gitlab:${gitlabPipeline}`)).toHaveAttribute("data-status", "success");
  await page.screenshot({ path: "test-results/screenshots/pipelines-cross-vendor.png", fullPage: true });
});
