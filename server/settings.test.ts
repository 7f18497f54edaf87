import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "./settings";

describe("loadSettings", () => {
  it("applies the documented defaults", () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({ port: 3000, host: "0.0.0.0", bodyLimit: 1024 * 1024, dev: false });
    expect(settings.dataDir).toBe(path.resolve("./data"));
    expect(settings.secrets.github).toBeUndefined();
  });

  it("reads which reverse proxies to trust", () => {
    expect(loadSettings({}).trustProxy).toBe(false);
    expect(loadSettings({ RUNWATCH_TRUST_PROXY: "on" }).trustProxy).toBe(true);
    expect(loadSettings({ RUNWATCH_TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadSettings({ RUNWATCH_TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
    ]);
  });

  it("treats an empty secret as unset", () => {
    expect(loadSettings({ RUNWATCH_GITHUB_SECRET: "" }).secrets.github).toBeUndefined();
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["RUNWATCH_LOG_LEVEL", "loud"],
    ["RUNWATCH_BODY_LIMIT", "12"],
    ["HOST", ""],
    ["RUNWATCH_TRUST_PROXY", "yes please"],
    ["RUNWATCH_AUTH", "maybe"],
    ["RUNWATCH_RETENTION_DAYS", "0"],
    ["RUNWATCH_ADMIN_TOKEN", "too-short"],
  ])("refuses %s=%j naming the variable", (variable, value) => {
    expect(() => loadSettings({ [variable]: value })).toThrow(SettingsError);
    expect(() => loadSettings({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it("never echoes a secret's value", () => {
    try {
      loadSettings({ RUNWATCH_GITHUB_SECRET: "short" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("RUNWATCH_GITHUB_SECRET");
      expect((error as Error).message).not.toContain('short"');
    }
  });
});
