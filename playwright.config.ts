import { defineConfig } from "@playwright/test";

// Set by scripts/e2e.mjs: a free port, a fresh data folder, and the browser to use.
const port = Number(process.env.E2E_PORT ?? 3199);
const openPort = port + 1;
const dataDir = process.env.E2E_DATA_DIR ?? "./data/e2e";
const executablePath = process.env.E2E_CHROMIUM || undefined;

/** Secret the e2e server verifies GitHub deliveries with. */
export const E2E_GITHUB_SECRET = "e2e-github-secret";

/** Secrets of the other sources on the e2e servers. */
export const E2E_SOURCE_SECRETS = {
  gitlab: "e2e-gitlab-token",
  generic: "e2e-generic-secret",
} as const;

/** The e2e server's first admin key (RUNWATCH_ADMIN_TOKEN). */
export const E2E_ADMIN_TOKEN = "rw_e2e_admin_token_0123456789abcdefghijkl";

/** Where the signed-in browser state is kept between the setup and the specs. */
export const ADMIN_STATE = "test-results/.auth/admin.json";

/** Port of the stand-in GitHub API that e2e/job-log.spec.ts serves logs from (RUNWATCH_GITHUB_API_URL). */
export const LOG_API_PORT = port + 2;

/** Base URL of a second server running with RUNWATCH_AUTH=off (demo mode). */
export const OPEN_BASE_URL = `http://127.0.0.1:${openPort}`;

/** Chromium flags for a headless run on a server (also the benchmark's browser). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const serverEnv = {
  HOST: "127.0.0.1",
  RUNWATCH_GITHUB_SECRET: E2E_GITHUB_SECRET,
  RUNWATCH_GITLAB_TOKEN: E2E_SOURCE_SECRETS.gitlab,
  RUNWATCH_GENERIC_SECRET: E2E_SOURCE_SECRETS.generic,
  RUNWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
  RUNWATCH_LOG_LEVEL: "warn",
  // Failing log lines: GitHub logs are read from the spec's local stand-in, allowed past the outbound policy.
  RUNWATCH_GITHUB_READ_TOKEN: "e2e-github-read-token",
  RUNWATCH_GITHUB_API_URL: `http://127.0.0.1:${LOG_API_PORT}`,
  RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1",
  // Prices for the Runners page's Hosted usage panel (e2e/runners.spec.ts).
  RUNWATCH_RUNNER_PRICES: "ubuntu-latest=0.008,macos-latest=0.08",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
};

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // Generous: an axe pass alone takes 5–10 s on a busy 2-core machine.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { browserName: "chromium", storageState: ADMIN_STATE },
    },
  ],
  webServer: [
    {
      command: "node --import tsx server/main.ts",
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { ...serverEnv, PORT: String(port), RUNWATCH_DATA_DIR: dataDir },
    },
    {
      command: "node --import tsx server/main.ts",
      url: `${OPEN_BASE_URL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        ...serverEnv,
        PORT: String(openPort),
        RUNWATCH_DATA_DIR: `${dataDir}-open`,
        RUNWATCH_AUTH: "off",
      },
    },
  ],
});
