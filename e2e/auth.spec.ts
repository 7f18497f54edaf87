/**
 * Signing in and out as a person does: pages redirect to the sign-in page, a
 * key opens a session that sees data live, signing out ends it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
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

test("the signed-in socket refuses another origin's page, even one on the same site that the cookie reaches", async ({
  page,
  baseURL,
}) => {
  // Live connects from the dashboard's own origin, and its page carries a request id.
  const response = await page.goto("/");
  expect(response?.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();

  // A page of another origin on the same host (a port of its own): SameSite=Lax does not stop the
  // browser from sending our session cookie with its WebSocket, so only the Origin check does. The
  // page is a blank one from a real local server, so nothing on it navigates while the check runs.
  const elsewhere = http.createServer((_request, reply) =>
    reply.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>elsewhere</title>"),
  );
  await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto(`http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`);
    const target = `${(baseURL ?? "").replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const answer = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onmessage = (event) => {
            const text = String(event.data);
            // "0{…}" is engine.io's open; then ask Socket.IO to connect ("40") and report its answer.
            if (text.startsWith("0")) ws.send("40");
            else if (text.startsWith("4")) {
              resolve(text);
              ws.close();
            }
          };
          ws.onerror = () => resolve("websocket error");
          setTimeout(() => resolve("no answer"), 5_000);
        }),
      target,
    );
    // Without the check this is `40{"sid":…}`: connected as the signed-in visitor.
    expect(answer).toBe('44{"message":"origin not allowed"}');
  } finally {
    elsewhere.close();
  }
});
