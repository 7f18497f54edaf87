// `npm run test:e2e`: make sure a Chromium exists, build the dashboard if needed,
// then run the Playwright specs against a fresh server and database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT, buildIfNeeded } from "./build-if-needed.mjs";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

async function playwrightChromium() {
  const { chromium } = await import("@playwright/test");
  try {
    const executable = chromium.executablePath();
    return executable && fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

async function ensureBrowser() {
  if (fs.existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  if (await playwrightChromium()) return "";
  // No system Chromium and no Playwright browser: fetch Playwright's (needs internet).
  console.log("e2e: no Chromium found; installing Playwright's Chromium…");
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "playwright", "cli.js"), "install", "chromium"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  return "";
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
const executable = await ensureBrowser();
buildIfNeeded();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-e2e-"));
const result = spawnSync(
  process.execPath,
  [path.join(ROOT, "node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      E2E_PORT: String(await freePort()),
      E2E_DATA_DIR: dataDir,
      E2E_CHROMIUM: executable,
    },
  },
);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
