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

  it("keeps GET /metrics behind a read credential unless RUNWATCH_METRICS_PUBLIC=on", () => {
    expect(loadSettings({}).metricsPublic).toBe(false);
    expect(loadSettings({ RUNWATCH_METRICS_PUBLIC: "off" }).metricsPublic).toBe(false);
    expect(loadSettings({ RUNWATCH_METRICS_PUBLIC: "on" }).metricsPublic).toBe(true);
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
    ["RUNWATCH_RUNNER_PRICES", "ubuntu-latest=free"],
    ["RUNWATCH_METRICS_PUBLIC", "yes"],
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

  it("has no public URL and no SMTP by default", () => {
    expect(loadSettings({})).toMatchObject({ publicUrl: null, smtp: null });
  });

  it("reads the public URL without its trailing slash", () => {
    expect(loadSettings({ RUNWATCH_PUBLIC_URL: "https://ci.example.com/runwatch/" }).publicUrl).toBe(
      "https://ci.example.com/runwatch",
    );
  });

  it("reads SMTP settings with their defaults", () => {
    const settings = loadSettings({
      RUNWATCH_SMTP_HOST: "smtp.example.com",
      RUNWATCH_SMTP_FROM: "Runwatch <alerts@example.com>",
    });
    expect(settings.smtp).toEqual({
      host: "smtp.example.com",
      port: 587,
      secure: false,
      auth: null,
      from: "Runwatch <alerts@example.com>",
    });
  });

  it("reads SMTP TLS and credentials", () => {
    const settings = loadSettings({
      RUNWATCH_SMTP_HOST: "smtp.example.com",
      RUNWATCH_SMTP_PORT: "465",
      RUNWATCH_SMTP_SECURE: "true",
      RUNWATCH_SMTP_USER: "runwatch",
      RUNWATCH_SMTP_PASSWORD: "hunter2-hunter2",
      RUNWATCH_SMTP_FROM: "alerts@example.com",
    });
    expect(settings.smtp).toEqual({
      host: "smtp.example.com",
      port: 465,
      secure: true,
      auth: { user: "runwatch", pass: "hunter2-hunter2" },
      from: "alerts@example.com",
    });
  });

  it.each([
    [{ RUNWATCH_PUBLIC_URL: "ftp://example.com" }, "RUNWATCH_PUBLIC_URL"],
    [{ RUNWATCH_PUBLIC_URL: "runwatch.example.com" }, "RUNWATCH_PUBLIC_URL"],
    [{ RUNWATCH_SMTP_HOST: "smtp.example.com" }, "RUNWATCH_SMTP_FROM is required"],
    [{ RUNWATCH_SMTP_HOST: "smtp.example.com", RUNWATCH_SMTP_FROM: "not an address" }, "RUNWATCH_SMTP_FROM"],
    [{ RUNWATCH_SMTP_SECURE: "yes" }, "RUNWATCH_SMTP_SECURE"],
    [{ RUNWATCH_SMTP_PORT: "smtp" }, "RUNWATCH_SMTP_PORT"],
    [{ RUNWATCH_SMTP_USER: "runwatch" }, "RUNWATCH_SMTP_PASSWORD"],
    [{ RUNWATCH_SMTP_PASSWORD: "hunter2-hunter2" }, "RUNWATCH_SMTP_USER"],
  ])("refuses bad mail settings %j naming %s", (env, named) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(named);
  });

  it("never echoes the SMTP password", () => {
    try {
      loadSettings({ RUNWATCH_SMTP_PASSWORD: "hunter2-hunter2" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("RUNWATCH_SMTP_USER");
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("reads REDIS_URL, refusing any other scheme without echoing the URL (it may hold a password)", () => {
    expect(loadSettings({}).redisUrl).toBeNull();
    expect(loadSettings({ REDIS_URL: " redis://redis.internal:6379 " }).redisUrl).toBe(
      "redis://redis.internal:6379",
    );
    expect(loadSettings({ REDIS_URL: "rediss://:pw@redis.internal" }).redisUrl).toBe(
      "rediss://:pw@redis.internal",
    );
    expect(() => loadSettings({ REDIS_URL: "http://:hunter2@redis.internal" })).toThrow(
      "Invalid settings:\n  REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://redis.internal:6379",
    );
    expect(() => loadSettings({ REDIS_URL: "http://:hunter2@redis.internal" })).not.toThrow("hunter2");
  });
});
