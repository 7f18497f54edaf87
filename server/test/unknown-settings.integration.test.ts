/**
 * Unknown `RUNWATCH_*` variables (issue 15): the settings name each with the
 * nearest known setting, and the real server, started as a process of its own,
 * logs one warning line for each.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KNOWN_SETTINGS, loadSettings, unknownSettings, unknownSettingWarning } from "../settings";
import { spawnServer, type ChildServer } from "./child";

describe("unknownSettings", () => {
  it("names each unknown RUNWATCH_* variable with the nearest known one, sorted", () => {
    expect(
      unknownSettings({
        RUNWATCH_OUTBOUND_ALOW: "10.0.0.0/8",
        RUNWATCH_AUHT: "off",
        RUNWATCH_FOO: "1",
        RUNWATCH_AUTH: "on",
        PATH: "/usr/bin",
        RUNWATCHER: "x",
      }),
    ).toEqual([
      { name: "RUNWATCH_AUHT", suggestion: "RUNWATCH_AUTH" },
      { name: "RUNWATCH_FOO", suggestion: null },
      { name: "RUNWATCH_OUTBOUND_ALOW", suggestion: "RUNWATCH_OUTBOUND_ALLOW" },
    ]);
  });

  it("knows every setting the schema reads, and the names the docs' examples use", () => {
    expect(KNOWN_SETTINGS).toContain("RUNWATCH_OUTBOUND_ALLOW");
    expect(KNOWN_SETTINGS).toContain("RUNWATCH_API_BODY_LIMIT");
    expect(KNOWN_SETTINGS).toContain("PORT");
    expect(
      unknownSettings({ RUNWATCH_URL: "https://x", RUNWATCH_KEY: "k", RUNWATCH_ADMIN_KEY: "k" }),
    ).toEqual([]);
  });

  it("reaches Settings and reads as one line", () => {
    const settings = loadSettings({ RUNWATCH_OUTBOUND_ALOW: "10.0.0.0/8", RUNWATCH_DATA_DIR: "/tmp/x" });
    expect(settings.unknownVariables).toEqual([
      { name: "RUNWATCH_OUTBOUND_ALOW", suggestion: "RUNWATCH_OUTBOUND_ALLOW" },
    ]);
    expect(unknownSettingWarning(settings.unknownVariables[0]!)).toBe(
      "RUNWATCH_OUTBOUND_ALOW is not a Runwatch setting and is ignored; did you mean RUNWATCH_OUTBOUND_ALLOW?",
    );
    expect(unknownSettingWarning({ name: "RUNWATCH_FOO", suggestion: null })).toBe(
      "RUNWATCH_FOO is not a Runwatch setting and is ignored",
    );
  });
});

describe("server start", () => {
  let child: ChildServer | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await child?.stop();
    child = null;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("logs one warning line per unknown variable, naming the nearest known one", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-unknown-"));
    child = await spawnServer(dir, {
      RUNWATCH_LOG_LEVEL: "warn",
      RUNWATCH_OUTBOUND_ALOW: "10.0.0.0/8",
      RUNWATCH_SESION_HOURS: "1",
    });
    const warnings = () =>
      (child?.output() ?? "")
        .split("\n")
        .filter((line) => line.includes("not a Runwatch setting"))
        .map((line) => JSON.parse(line) as { level: number; msg: string });
    // The logger writes asynchronously: its lines may follow the listen line.
    for (let waited = 0; warnings().length < 2 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lines = warnings();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: "RUNWATCH_OUTBOUND_ALOW is not a Runwatch setting and is ignored; did you mean RUNWATCH_OUTBOUND_ALLOW?",
      }),
      expect.objectContaining({
        level: 40,
        msg: "RUNWATCH_SESION_HOURS is not a Runwatch setting and is ignored; did you mean RUNWATCH_SESSION_HOURS?",
      }),
    ]);
  });
});
