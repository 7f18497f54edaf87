/**
 * Bad input edges as a person meets them (issue 15): a job delivered with a
 * `data:` or `javascript:` link shows no vendor link anywhere (the job page, the
 * Jobs row), while an https link still does; and the real dashboard's page gate,
 * asked for dot-segment paths byte for byte, sends a visitor without a session
 * to sign in, never the page.
 */
import http from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const times = () => ({ created_at: minutesAgo(10), started_at: minutesAgo(9), completed_at: minutesAgo(5) });

test("a script or data link from a delivery is shown as no link; an https one still is", async ({
  page,
  request,
}) => {
  const repo = `e2e-links-${freshId()}/web`;
  const bad = freshId();
  const good = freshId();
  await deliver(
    request,
    workflowJob("workflow_job.completed.1.json", bad, {
      repo,
      job: { ...times(), html_url: "data:text/html,<script>alert(document.cookie)</script>" },
    }),
  );
  await deliver(request, workflowJob("workflow_job.completed.2.json", good, { repo, job: times() }));

  // The API stores no link for it.
  const stored = await request.get(`/api/v1/jobs/github:${bad}`);
  expect(((await stored.json()) as { url: string | null }).url).toBeNull();

  await page.goto(`/jobs/github:${bad}`);
  await expect(page.getByTestId("job-detail")).toBeVisible();
  await expect(page.getByRole("link", { name: /open on github/i })).toHaveCount(0);
  await expect(page.locator('a[href^="data:"], a[href^="javascript:"]')).toHaveCount(0);

  await page.goto(`/jobs?repo=${encodeURIComponent(repo)}`);
  const rows = page.locator('[data-testid="jobs-table"] [data-testid="job-row"]');
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-job-id="github:${bad}"] a[title^="Open on"]`)).toHaveCount(0);
  await expect(page.locator(`[data-job-id="github:${good}"] a[title^="Open on"]`)).toHaveAttribute(
    "href",
    /^https:\/\/github\.com\//,
  );
  await expect(page.locator('a[href^="data:"], a[href^="javascript:"]')).toHaveCount(0);

  await page.goto(`/jobs/github:${bad}`);
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({
      path: `test-results/screenshots/job-no-link-${colorScheme}.png`,
      fullPage: true,
    });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});

/** GET `path` exactly as written (a browser or fetch would resolve the dot segments first), with no cookie. */
function rawGet(baseURL: string, path: string): Promise<{ status: number; location?: string; body: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: "GET", agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("dot-segment paths without a session go to sign-in, never the page", async ({ baseURL }) => {
  const base = baseURL ?? "";
  for (const [path, next] of [
    ["/_next/../jobs", "/jobs"],
    ["/login/../admin", "/admin"],
    ["/_next/%2e%2e/jobs", "/jobs"],
    ["/_next/%2E%2E/jobs", "/jobs"],
  ] as const) {
    const answer = await rawGet(base, path);
    expect(answer.status, path).toBe(302);
    expect(answer.location, path).toBe(`/login?next=${encodeURIComponent(next)}`);
    expect(answer.body, path).not.toContain("<html");
  }
  const refused = await rawGet(base, "/_next/..%2fjobs");
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toEqual({
    error: { code: "bad_path", message: "the path holds dot segments (. or ..)" },
  });
  // The sign-in page itself is still public.
  const login = await rawGet(base, "/login");
  expect(login.status).toBe(200);
  expect(login.body).toContain("<html");
});
