/**
 * A node draining under an open dashboard: a server of this spec's own (auth
 * off, so no sign-in) gets SIGTERM; the dashboard's connection indicator says
 * "Reconnecting" (the `server:draining` notice, then the closed transport),
 * and once a server is back on the same address the dashboard is live again
 * by itself (Socket.IO's backoff), with a job delivered meanwhile shown.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN, E2E_GITHUB_SECRET } from "../playwright.config";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const ROOT = path.resolve(import.meta.dirname, "..");
let dir: string;
let port: number;
let baseURL: string;
let server: ChildProcess | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts `server/main.ts` on the spec's port and data folder; resolves once `/readyz` is 200. */
async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      RUNWATCH_DATA_DIR: path.join(dir, "data"),
      RUNWATCH_AUTH: "off",
      RUNWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      RUNWATCH_GITHUB_SECRET: E2E_GITHUB_SECRET,
      RUNWATCH_LOG_LEVEL: "warn",
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${baseURL}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return child;
    if (Date.now() > deadline) throw new Error(`server at ${baseURL} not ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopServer(): Promise<number | null> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const gone = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return gone;
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-e2e-drain-"));
  port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = await startServer();
});

test.afterAll(async () => {
  await stopServer();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the dashboard shows Reconnecting while its node drains, and is live again once a node is back", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/");
  const status = page.getByTestId("connection-status");
  await expect(status).toHaveAttribute("data-state", "connected", { timeout: 20_000 });

  expect(await stopServer()).toBe(0);
  await expect(status).toHaveAttribute("data-state", "reconnecting");
  await expect(status).toContainText("Reconnecting");
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({ path: `test-results/screenshots/drain-reconnecting-${colorScheme}.png` });
  }
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations).toEqual([]);

  // Another node on the same address (as a load balancer would route to): live again, no reload.
  server = await startServer();
  await expect(status).toHaveAttribute("data-state", "connected", { timeout: 20_000 });
  const id = freshId();
  await deliver(
    context.request,
    workflowJob("workflow_job.in_progress.3.json", id, {
      repo: "e2e-drain/api",
      job: { created_at: minutesAgo(1), started_at: minutesAgo(0) },
    }),
  );
  await expect(page.locator(`[data-testid="live-active"] [data-job-id="github:${id}"]`)).toHaveAttribute(
    "data-status",
    "running",
  );
  await context.close();
});
