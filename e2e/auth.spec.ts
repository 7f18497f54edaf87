/**
 * Signing in and out as a person does: pages redirect to the sign-in page, a
 * key opens a session that sees data live, signing out ends it.
 */
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN, OPEN_BASE_URL } from "../playwright.config";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign in, see a job arrive live, sign out and be refused", async ({ page, request }) => {
    await page.goto("/jobs?status=running");
    await expect(page).toHaveURL(/\/login\?next=%2Fjobs%3Fstatus%3Drunning$/);
    await page.screenshot({ path: "test-results/screenshots/login.png" });

    await page.getByLabel("API key").fill("rw_not_a_real_key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error")).toContainText(/not valid/i);

    await page.getByLabel("API key").fill(E2E_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/jobs\?status=running$/);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();

    await page.goto("/");
    const id = freshId();
    await deliver(
      request,
      workflowJob("workflow_job.in_progress.3.json", id, {
        repo: "e2e-auth/api",
        job: { created_at: minutesAgo(1), started_at: minutesAgo(0) },
      }),
    );
    await expect(page.locator(`[data-testid="live-active"] [data-job-id="github:${id}"]`)).toHaveAttribute(
      "data-status",
      "running",
    );

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    const api = await page.request.get("/api/v1/jobs");
    expect(api.status()).toBe(401);
  });
});

test("with RUNWATCH_AUTH=off the board is open and says so", async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: OPEN_BASE_URL,
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(`${OPEN_BASE_URL}/`);
  await expect(page.getByTestId("auth-off-banner")).toContainText("RUNWATCH_AUTH=off");
  expect((await page.request.get("/api/v1/jobs")).status()).toBe(200);
  expect((await page.request.get("/api/v1/keys")).status()).toBe(401);
  await context.close();
});
