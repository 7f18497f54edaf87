/**
 * Failing log lines on the job page: a failed GitHub job's log is fetched from
 * a local stand-in of GitHub's API (302 to a download URL, as GitHub answers)
 * and shown monospace with its first error line marked, its category, and a
 * copy button; axe-clean in light and dark.
 */
import http from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { LOG_API_PORT } from "../playwright.config";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const LOG = [
  "2026-01-02T10:00:00.0000000Z ##[group]Run npm test",
  "2026-01-02T10:00:01.0000000Z > vitest run",
  "2026-01-02T10:00:02.0000000Z \u001b[32m✓\u001b[39m src/cart.test.ts (12 tests)",
  "2026-01-02T10:00:03.0000000Z \u001b[31mFAIL\u001b[39m src/checkout.test.ts > applies the discount once",
  "2026-01-02T10:00:03.1000000Z AssertionError: expected 90 to be 81",
  "2026-01-02T10:00:04.0000000Z Tests  1 failed | 12 passed (13)",
  "2026-01-02T10:00:05.0000000Z ##[error]Process completed with exit code 1.",
].join("\n");

test("a failed job shows its failing lines, first error marked, with its category", async ({
  page,
  request,
}) => {
  const id = freshId();
  const requests: (string | undefined)[] = [];
  const api = http.createServer((req, res) => {
    // Failing GitHub jobs of other specs are fetched from this port too (retried with backoff): count this job's only.
    if (req.url?.includes(String(id))) requests.push(req.url);
    if (req.url?.endsWith(`/actions/jobs/${id}/logs`))
      return res.writeHead(302, { location: `http://127.0.0.1:${LOG_API_PORT}/download/${id}.txt` }).end();
    if (req.url === `/download/${id}.txt`)
      return res.writeHead(200, { "content-type": "text/plain" }).end(LOG);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => api.listen(LOG_API_PORT, "127.0.0.1", resolve));
  try {
    const repo = `e2e-log-${id}/shop`;
    const times = { created_at: minutesAgo(6), started_at: minutesAgo(5), completed_at: minutesAgo(1) };
    await deliver(request, workflowJob("workflow_job.completed.1.json", id, { repo, job: times }));
    // Fetched in the background: wait for the API to have it.
    await expect
      .poll(async () => (await request.get(`/api/v1/jobs/github%3A${id}/log`)).status(), { timeout: 20_000 })
      .toBe(200);
    expect(requests).toEqual([`/repos/e2e-log-${id}/shop/actions/jobs/${id}/logs`, `/download/${id}.txt`]);

    await page.goto(`/jobs/github%3A${id}`);
    const section = page.getByTestId("job-log");
    await expect(section.getByRole("heading", { name: "Failing lines" })).toBeVisible();
    await expect(section.getByTestId("job-log-category")).toHaveText("Code · test failure");
    const first = section.locator("[data-first-error]");
    await expect(first).toHaveText("FAIL src/checkout.test.ts > applies the discount once");
    await expect(section.locator("pre > div")).toHaveCount(7);
    await expect(section.getByRole("button", { name: "Copy lines" })).toBeVisible();

    for (const scheme of ["light", "dark"] as const) {
      await showColorScheme(page, scheme);
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/screenshots/job-log-${scheme}.png`, fullPage: true });
      const results = await new AxeBuilder({ page })
        .include('[data-testid="job-log"]')
        .withTags(["wcag2a", "wcag2aa"])
        .analyze();
      expect(results.violations, `${scheme}: ${JSON.stringify(results.violations, null, 2)}`).toEqual([]);
    }

    // At phone width the lines scroll in their own box; the page does not overflow.
    await page.setViewportSize({ width: 375, height: 800 });
    await expect
      .poll(() =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      )
      .toBe(0);
    await page.screenshot({ path: "test-results/screenshots/job-log-375.png", fullPage: true });
  } finally {
    await new Promise<void>((resolve) => api.close(() => resolve()));
  }
});
