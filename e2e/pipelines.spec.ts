/**
 * The Pipelines view, as a person sees it: a GitHub run appears when its
 * first job is queued, its job counts and status change in place as jobs and
 * the run itself report, its jobs open from the row, and filters live in the URL.
 */
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_GITHUB_SECRET } from "../playwright.config";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures/github");

/** A `workflow_run` body from a real fixture, for a fresh run. */
function workflowRun(
  runId: number,
  changes: { action: string; repo: string; run: Record<string, unknown> },
): Record<string, unknown> {
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, "workflow_run.completed.2.json"), "utf8"));
  body.action = changes.action;
  body.workflow_run = { ...body.workflow_run, id: runId, ...changes.run };
  body.repository.full_name = changes.repo;
  body.repository.name = changes.repo.split("/")[1];
  return body;
}

/** Posts a signed `workflow_run` delivery and expects it accepted. */
async function deliverRun(request: APIRequestContext, body: Record<string, unknown>): Promise<void> {
  const raw = JSON.stringify(body);
  const response = await request.post("/api/v1/webhooks/github", {
    data: raw,
    headers: {
      "content-type": "application/json",
      "x-github-event": "workflow_run",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", E2E_GITHUB_SECRET).update(raw).digest("hex")}`,
    },
  });
  expect(response.status(), await response.text()).toBe(202);
}

/** One job of a run at a stage of its life, from the real in-progress fixture. */
function job(
  id: number,
  runId: number,
  repo: string,
  name: string,
  stage: "queued" | "running" | "failure" | "success",
) {
  const base = {
    run_id: runId,
    name,
    workflow_name: "E2E pipeline",
    head_branch: "feature/e2e",
    created_at: minutesAgo(2),
  };
  const lifecycle = {
    queued: { status: "queued", conclusion: null, started_at: minutesAgo(2), completed_at: null, steps: [] },
    running: { status: "in_progress", conclusion: null, started_at: minutesAgo(1), completed_at: null },
    failure: {
      status: "completed",
      conclusion: "failure",
      started_at: minutesAgo(1),
      completed_at: minutesAgo(0),
    },
    success: {
      status: "completed",
      conclusion: "success",
      started_at: minutesAgo(1),
      completed_at: minutesAgo(0),
    },
  }[stage];
  const action = { queued: "queued", running: "in_progress", failure: "completed", success: "completed" }[
    stage
  ];
  return workflowJob("workflow_job.in_progress.3.json", id, { action, repo, job: { ...base, ...lifecycle } });
}

const markNoReload = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
const stillNoReload = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload);

test("a run appears, counts its jobs and changes state live, without a reload", async ({ page, request }) => {
  const runId = freshId();
  const runKey = `github:${runId}`;
  const repo = `e2e-pipes-${runId}/api`;
  const [build, lint] = [freshId(), freshId()];

  await page.goto(`/pipelines?repo=${encodeURIComponent(repo)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Pipelines" })).toBeVisible();
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await markNoReload(page);

  const row = page.locator(`[data-testid="run-row"][data-run-id="${runKey}"]`);

  // The run is known first through its jobs…
  await deliver(request, job(build, runId, repo, "build", "running"));
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "running");
  await expect(row).toContainText("E2E pipeline");
  await expect(row).toContainText("GitHub");
  await expect(row.getByRole("img", { name: /1 job: 1 running/ })).toBeVisible();

  await deliver(request, job(lint, runId, repo, "lint", "queued"));
  await expect(row.getByRole("img", { name: /2 jobs: 1 running, 1 queued/ })).toBeVisible();

  // …its jobs open from the row and keep updating there.
  const expand = row.getByRole("button", { name: /jobs of e2e pipeline/i });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expand.click();
  await expect(expand).toHaveAttribute("aria-expanded", "true");
  const jobs = page.getByTestId("run-jobs");
  await expect(jobs.getByTestId("run-job")).toHaveCount(2);
  await expect(jobs.getByRole("link", { name: "build" })).toHaveAttribute(
    "href",
    `/jobs/${encodeURIComponent(`github:${build}`)}`,
  );

  await deliver(request, job(build, runId, repo, "build", "failure"));
  await expect(jobs.locator(`[data-job-id="github:${build}"]`)).toHaveAttribute("data-status", "failure");
  await expect(row.getByRole("img", { name: /2 jobs: 1 failure, 1 queued/ })).toBeVisible();
  await expect(row).toContainText("1 failed");

  // Then the vendor reports the run itself: number, trigger and final status.
  await deliverRun(
    request,
    workflowRun(runId, {
      action: "completed",
      repo,
      run: {
        name: "E2E pipeline",
        run_number: 4242,
        event: "pull_request",
        head_branch: "feature/e2e",
        status: "completed",
        conclusion: "failure",
        created_at: minutesAgo(2),
        run_started_at: minutesAgo(2),
        updated_at: minutesAgo(0),
      },
    }),
  );
  await expect(row).toHaveAttribute("data-status", "failure");
  await expect(row).toContainText("#4242");
  await expect(row).toContainText("pull_request");

  expect(await stillNoReload(page)).toBe(true);
  await page.screenshot({ path: "test-results/screenshots/pipelines-light.png", fullPage: true });
  await showColorScheme(page, "dark");
  await page.screenshot({ path: "test-results/screenshots/pipelines-dark.png", fullPage: true });
});

test("a new run appears at the top of the unfiltered list", async ({ page, request }) => {
  await page.goto("/pipelines");
  await expect(page.getByRole("heading", { level: 1, name: "Pipelines" })).toBeVisible();
  await expect(page.getByTestId("runs-table").or(page.getByText("No runs yet"))).toBeVisible();
  const runId = freshId();
  await deliver(request, job(freshId(), runId, `e2e-pipes-top-${runId}/web`, "test", "queued"));
  await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-run-id", `github:${runId}`);
  await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "queued");
});

test("filters live in the URL and narrow the runs", async ({ page, request }) => {
  const suffix = freshId();
  const repo = `e2e-pipes-filter-${suffix}/svc`;
  const [ok, bad] = [freshId(), freshId()];
  await deliver(request, job(freshId(), ok, repo, "unit", "success"));
  await deliver(request, job(freshId(), bad, repo, "unit", "failure"));

  await page.goto("/pipelines");
  // Text typed before React hydrates the server's HTML is lost (as it would be for a person).
  const filters = page.getByRole("search", { name: "Filter pipelines" });
  await expect(filters).toHaveAttribute("data-hydrated", "");
  await page.getByLabel("Repository").fill(repo);
  await expect(page).toHaveURL(/[?&]repo=/);
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(2);

  await page.getByRole("group", { name: "Status" }).getByLabel("Failure").check();
  await expect(page).toHaveURL(/[?&]status=failure/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", `github:${bad}`);

  await page.getByLabel("Source").selectOption("gitlab");
  await expect(page).toHaveURL(/[?&]source=gitlab/);
  await expect(page.getByText("No runs match these filters")).toBeVisible();

  // The URL alone reproduces the view.
  await page.goto(`/pipelines?repo=${encodeURIComponent(repo)}&status=failure&source=github`);
  await expect(filters).toHaveAttribute("data-hydrated", "");
  await expect(page.getByLabel("Repository")).toHaveValue(repo);
  await expect(page.getByLabel("Source")).toHaveValue("github");
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: /clear filters/i }).click();
  await expect(page).not.toHaveURL(/repo=/);
});

test("Pipelines passes an accessibility check in light and dark themes", async ({ page, request }) => {
  // Two full-page axe runs; on a busy machine each takes several seconds.
  test.slow();
  const runId = freshId();
  const repo = `e2e-pipes-a11y-${runId}/api`;
  await deliver(request, job(freshId(), runId, repo, "build", "running"));
  await deliver(request, job(freshId(), runId, repo, "lint", "failure"));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/pipelines");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const row = page.locator(`[data-testid="run-row"][data-run-id="github:${runId}"]`);
    await row.getByRole("button", { name: /jobs of/i }).click();
    await expect(page.getByTestId("run-job")).toHaveCount(2);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});
