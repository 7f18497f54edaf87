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

  it("treats an empty secret as unset", () => {
    expect(loadSettings({ RUNWATCH_GITHUB_SECRET: "" }).secrets.github).toBeUndefined();
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["RUNWATCH_LOG_LEVEL", "loud"],
    ["RUNWATCH_BODY_LIMIT", "12"],
    ["HOST", ""],
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
