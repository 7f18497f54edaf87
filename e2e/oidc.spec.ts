/**
 * Single sign-on in real Chromium against a real provider: `oidc-provider` in
 * this process (its own login and consent forms), a Runwatch server of its own
 * started with the OIDC settings, "Sign in with Test IdP" on the login page,
 * back signed in with the role the groups give; a user no rule admits sees the
 * "ask an admin" message; the Admin page lists who signed in; sign-out goes
 * to the provider's logout. Light and dark screenshots, axe on each view.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "../playwright.config";
import { sparePort, startTestProvider, WEB_CLIENT, type TestProvider } from "../server/test/oidc-provider";
import { showColorScheme } from "./settle";

const ROOT = path.resolve(import.meta.dirname, "..");
let dir: string;
let server: ChildProcess;
let provider: TestProvider;
let baseURL: string;

async function ready(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`Runwatch at ${url} not ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-e2e-oidc-"));
  const port = await sparePort();
  baseURL = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(baseURL);
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
      RUNWATCH_LOG_LEVEL: "warn",
      RUNWATCH_PUBLIC_URL: baseURL,
      RUNWATCH_OIDC_ISSUER: provider.issuer,
      RUNWATCH_OIDC_CLIENT_ID: WEB_CLIENT.id,
      RUNWATCH_OIDC_CLIENT_SECRET: WEB_CLIENT.secret,
      RUNWATCH_OIDC_SCOPES: "openid profile email groups",
      RUNWATCH_OIDC_ALLOW_HTTP: "on",
      RUNWATCH_OIDC_NAME: "Test IdP",
      RUNWATCH_OIDC_ROLES: "platform-admins=admin,auditors=auditor,developers=read",
    },
  });
  await ready(baseURL);
});

test.afterAll(async () => {
  if (server?.exitCode === null) {
    const gone = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await gone;
  }
  await provider?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The login page applies the theme as it loads (no live listener outside the dashboard): reload under the scheme. */
async function showScheme(page: Page, colorScheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme });
  await page.reload();
  await showColorScheme(page, colorScheme);
}

async function axeClean(page: Page, view: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(result.violations.map((v) => `${view} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** From Runwatch's login page through the provider's login and consent forms. */
async function signInAtProvider(page: Page, login: string) {
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe("single sign-on", () => {
  let context: BrowserContext;
  test.beforeEach(async ({ browser }) => {
    context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  });
  test.afterEach(() => context.close());

  test("an admin signs in at the provider and comes back signed in, then signs out at the provider", async () => {
    const page = await context.newPage();
    await page.goto("/admin");
    await expect(page).toHaveURL(`${baseURL}/login?next=%2Fadmin`);
    await expect(page.getByRole("link", { name: "Sign in with Test IdP" })).toBeVisible();
    await expect(page.getByLabel("API key")).toBeVisible();
    for (const colorScheme of ["light", "dark"] as const) {
      await showScheme(page, colorScheme);
      await page.screenshot({ path: `test-results/screenshots/oidc-login-${colorScheme}.png` });
      await axeClean(page, `login ${colorScheme}`);
    }

    await signInAtProvider(page, "alice");
    await expect(page).toHaveURL(`${baseURL}/admin`);
    await expect(page.getByTestId("signed-in-as")).toContainText("alice@example.com");
    const users = page.getByTestId("users-panel");
    await expect(users.getByTestId("sso-rules")).toContainText("platform-admins → admin");
    await expect(users.locator('[data-testid="user-row"][data-subject="alice"]')).toHaveAttribute(
      "data-role",
      "admin",
    );
    for (const colorScheme of ["light", "dark"] as const) {
      await showColorScheme(page, colorScheme);
      await page.screenshot({
        path: `test-results/screenshots/oidc-admin-${colorScheme}.png`,
        fullPage: true,
      });
      await axeClean(page, `admin ${colorScheme}`);
    }

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/session/end`));
    expect((await context.request.get(`${baseURL}/api/v1/auth/me`).then((r) => r.json())).authenticated).toBe(
      false,
    );
  });

  test("a reader gets read access; a user no rule admits is told to ask an admin", async () => {
    const page = await context.newPage();
    await page.goto("/login?next=%2Fjobs");
    await signInAtProvider(page, "bob");
    await expect(page).toHaveURL(`${baseURL}/jobs`);
    const me = await (await context.request.get(`${baseURL}/api/v1/auth/me`)).json();
    expect(me.principal.scopes).toEqual(["read"]);

    await context.clearCookies();
    await page.goto("/login");
    await signInAtProvider(page, "mallory");
    await expect(page).toHaveURL(`${baseURL}/login?sso=denied`);
    await expect(page.getByTestId("sso-refusal")).toContainText("Ask a Runwatch admin");
    for (const colorScheme of ["light", "dark"] as const) {
      await showScheme(page, colorScheme);
      await page.screenshot({ path: `test-results/screenshots/oidc-denied-${colorScheme}.png` });
      await axeClean(page, `denied ${colorScheme}`);
    }
  });
});
