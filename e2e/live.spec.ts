/**
 * The Live board, as a person sees it: one GitHub job delivered queued, then
 * in progress, then completed, appears and changes state without a reload.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { liveJob, runTag } from "./live-jobs";
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

test("filters in the URL narrow Live, Mine included, and live updates respect them", async ({
  page,
  request,
}) => {
  const tag = runTag();
  const me = ((await (await request.get("/api/v1/auth/me")).json()) as { principal: { name: string } })
    .principal.name;
  const inRepo = liveJob({ repo: `e2e-filter-${tag}/api`, state: "running", author: `other-${tag}` });
  const otherRepo = liveJob({ repo: `e2e-filter-${tag}/web`, state: "running", author: `other-${tag}` });
  const mine = liveJob({ repo: `e2e-filter-${tag}/web`, state: "running", author: me });
  const row = (jobId: string) =>
    page.locator(`[data-testid="live-active"] [data-testid="job-row"][data-job-id="${jobId}"]`);

  await page.goto(`/?repo=e2e-filter-${tag}/api`);
  await expect(page.getByLabel("Repository")).toHaveValue(`e2e-filter-${tag}/api`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected", {
    timeout: 30_000,
  });
  await expect(page.getByRole("status", { name: "Loading in-progress jobs" })).toHaveCount(0);
  await expect(page.getByText("Nothing in progress matches").filter({ visible: true })).toBeVisible();

  // Delivered while the page is open: only the job of the filtered repository appears.
  await deliver(request, otherRepo.body);
  await deliver(request, inRepo.body);
  await expect(row(inRepo.jobId)).toHaveAttribute("data-status", "running");
  await expect(row(otherRepo.jobId)).toHaveCount(0);
  await expect(page.locator('[data-testid="live-active"] [data-testid="job-row"]')).toHaveCount(1);

  // Mine: the signed-in key's name is the author to match, kept in the URL.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("button", { name: "Mine" }).click();
  await expect(page).toHaveURL(/[?&]mine=1/);
  await expect(page.getByRole("button", { name: "Mine" })).toHaveAttribute("aria-pressed", "true");
  await deliver(request, mine.body);
  await expect(row(mine.jobId)).toHaveAttribute("data-status", "running");
  await expect(row(inRepo.jobId)).toHaveCount(0);

  // Source and pool together, from a pasted link.
  await page.goto(`/?source=gitlab&repo=e2e-filter-${tag}/api`);
  await expect(page.getByLabel("Source")).toHaveValue("gitlab");
  await expect(page.getByText("Nothing in progress matches").filter({ visible: true })).toBeVisible();
  await page.goto(`/?source=github&pool=ubuntu-latest&repo=e2e-filter-${tag}/api`);
  await expect(row(inRepo.jobId)).toHaveAttribute("data-status", "running");
  await page.screenshot({ path: "test-results/screenshots/live-filtered-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/live-filtered-dark.png", fullPage: true });
});

test("Live scrolls as one page: no nested scroller, rows rendered around the viewport", async ({
  page,
  request,
}) => {
  const tag = runTag();
  const repo = `e2e-many-${tag}/api`;
  const jobs = Array.from({ length: 60 }, () => liveJob({ repo, state: "running", author: "bulk" }));
  for (const job of jobs) await deliver(request, job.body);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?repo=${repo}`);
  const rows = page.locator('[data-testid="live-active"] [data-testid="job-row"]');
  await expect(page.getByTestId("live-active").getByText("60", { exact: true })).toBeVisible();
  // Windowed: fewer rows in the DOM than jobs, and the table is as tall as all 60 (spacers included).
  await expect.poll(() => rows.count()).toBeLessThan(60);
  const scrollers = await page.evaluate(
    () =>
      [...document.querySelectorAll("[data-testid=live-active] *")].filter((el) => {
        const style = getComputedStyle(el);
        return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      }).length,
  );
  expect(scrollers).toBe(0);
  // Scrolling the page (not a box inside it) to the list's end renders the last rows.
  await page.evaluate(() => {
    const panel = document.querySelector("[data-testid=live-active]")!.getBoundingClientRect();
    window.scrollTo(0, window.scrollY + panel.bottom - window.innerHeight);
  });
  await expect.poll(() => page.locator('[data-testid="job-rows-spacer"]').count()).toBeLessThanOrEqual(1);
  await expect(rows.last()).toBeInViewport();
});
