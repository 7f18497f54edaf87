/**
 * The Live board, as a person sees it: one GitHub job delivered queued, then
 * in progress, then completed, appears and changes state without a reload.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** The three deliveries of one job, from the real completed fixture rolled back to earlier stages. */
function lifecycle(id: number, repo: string) {
  const queuedAt = minutesAgo(3);
  const startedAt = minutesAgo(2);
  const base = { created_at: queuedAt, head_branch: "main" };
  const completed = workflowJob("workflow_job.completed.1.json", id, { repo });
  const steps = (completed.workflow_job as { steps: Record<string, unknown>[] }).steps;
  return {
    queued: workflowJob("workflow_job.completed.1.json", id, {
      action: "queued",
      repo,
      job: {
        ...base,
        status: "queued",
        conclusion: null,
        started_at: queuedAt,
        completed_at: null,
        steps: [],
      },
    }),
    running: workflowJob("workflow_job.completed.1.json", id, {
      action: "in_progress",
      repo,
      job: {
        ...base,
        status: "in_progress",
        conclusion: null,
        started_at: startedAt,
        completed_at: null,
        steps: steps.slice(0, 2).map((s, i) => ({
          ...s,
          status: i === 0 ? "completed" : "in_progress",
          conclusion: i === 0 ? "success" : null,
        })),
      },
    }),
    completed: workflowJob("workflow_job.completed.1.json", id, {
      action: "completed",
      repo,
      job: { ...base, started_at: startedAt, completed_at: minutesAgo(0) },
    }),
  };
}

test("a job appears on Live and changes state live, without a reload", async ({ page, request }) => {
  const id = freshId();
  const jobId = `github:${id}`;
  const stages = lifecycle(id, "e2e-live/api");

  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const response = await page.goto("/");
  // A strict, per-request nonce CSP that the dashboard runs under without violations.
  expect(response?.headers()["content-security-policy"]).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
  );
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // A marker that a reload would wipe out.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const active = page.locator(`[data-testid="live-active"] [data-testid="job-row"][data-job-id="${jobId}"]`);
  const finished = page.locator(
    `[data-testid="live-finished"] [data-testid="job-row"][data-job-id="${jobId}"]`,
  );

  // Deliver only once the page is live: hydrated, its socket connected and its lists loaded. A job
  // delivered before that reaches the page only through the refetch on connect, which a loaded
  // machine can push past the 10 s an expectation waits (CI once needed a retry for it).
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected", {
    timeout: 30_000,
  });
  await expect(page.getByRole("status", { name: "Loading in-progress jobs" })).toHaveCount(0);
  await deliver(request, stages.queued);
  await expect(active).toHaveAttribute("data-status", "queued");
  await expect(active).toContainText("e2e-live/api");
  await expect(active).toContainText("linters");

  await deliver(request, stages.running);
  await expect(active).toHaveAttribute("data-status", "running");
  await expect(active).toContainText("GitHub Actions 5");
  await page.screenshot({ path: "test-results/screenshots/live-running.png", fullPage: true });

  await deliver(request, stages.completed);
  await expect(finished).toHaveAttribute("data-status", "failure");
  await expect(active).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(cspViolations).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/live-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/live-dark.png", fullPage: true });
});

test("Live passes an accessibility check in light and dark themes", async ({ page }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
});
