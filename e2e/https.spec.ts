/**
 * The dashboard served over Runwatch's own HTTPS (`RUNWATCH_TLS_CERT`,
 * `RUNWATCH_TLS_KEY`): a server of its own with a certificate this spec
 * makes, signed into in Chromium, a job arriving live over the secure
 * websocket, and the session cookie marked Secure.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { E2E_ADMIN_TOKEN, E2E_GITHUB_SECRET } from "../playwright.config";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

const ROOT = path.resolve(import.meta.dirname, "..");
let dir: string;
let server: ChildProcess;
let baseURL: string;

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

/** Resolves once `/readyz` answers 200 over HTTPS with the spec's own certificate trusted. */
async function ready(url: string, ca: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      https
        .get(`${url}/readyz`, { ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`HTTPS server at ${url} not ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-e2e-https-"));
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"],
      ...["-subj", "/CN=runwatch-e2e", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
      ...["-keyout", keyFile, "-out", certFile],
    ],
    { stdio: "pipe" },
  );
  const port = await freePort();
  baseURL = `https://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      RUNWATCH_DATA_DIR: path.join(dir, "data"),
      RUNWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      RUNWATCH_GITHUB_SECRET: E2E_GITHUB_SECRET,
      RUNWATCH_LOG_LEVEL: "warn",
      RUNWATCH_TLS_CERT: certFile,
      RUNWATCH_TLS_KEY: keyFile,
    },
  });
  await ready(baseURL, fs.readFileSync(certFile, "utf8"));
});

test.afterAll(async () => {
  if (server?.exitCode === null) {
    const gone = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await gone;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test.describe("over HTTPS", () => {
  let context: BrowserContext;
  test.beforeEach(async ({ browser }) => {
    // The spec's certificate is self-signed: Chromium is told to accept it, nothing else changes.
    context = await browser.newContext({
      baseURL,
      ignoreHTTPSErrors: true,
      storageState: { cookies: [], origins: [] },
    });
  });
  test.afterEach(() => context.close());

  test("sign in, get a Secure session cookie, and see a job arrive live over wss", async () => {
    const page = await context.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(`${baseURL}/login?next=%2F`);
    await page.getByLabel("API key").fill(E2E_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    const [cookie] = await context.cookies();
    expect(cookie?.secure).toBe(true);
    await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected", {
      timeout: 20_000,
    });

    const id = freshId();
    await deliver(
      context.request,
      workflowJob("workflow_job.in_progress.3.json", id, {
        repo: "e2e-https/api",
        job: { created_at: minutesAgo(1), started_at: minutesAgo(0) },
      }),
    );
    await expect(page.locator(`[data-testid="live-active"] [data-job-id="github:${id}"]`)).toHaveAttribute(
      "data-status",
      "running",
    );
    for (const colorScheme of ["light", "dark"] as const) {
      await showColorScheme(page, colorScheme);
      await page.screenshot({ path: `test-results/screenshots/https-live-${colorScheme}.png` });
    }
  });
});
