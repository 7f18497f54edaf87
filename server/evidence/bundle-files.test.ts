import { describe, expect, it } from "vitest";
import { redactSettings, redactUrl } from "./bundle-files";

describe("redactSettings", () => {
  it("hides every secret-named value and URL passwords, keeps the rest", () => {
    expect(
      redactSettings({
        port: 8080,
        redisUrl: "redis://default:redis-pass-123@cache.internal:6379/0",
        databaseUrl: "postgres://app:pg-pass-456@db/runwatch",
        secrets: { RUNWATCH_GITHUB_SECRET: "gh-secret", RUNWATCH_GITLAB_TOKEN: undefined },
        adminToken: "rw_admin",
        audit: { key: "k".repeat(40), checkpointUrl: "https://hooks.example/cp?token=abc&x=1" },
        smtp: { host: "smtp", auth: { user: "u", pass: "p" } },
        tls: null,
        trustProxy: ["10.0.0.0/8"],
        allow: new Set(["10.1.2.3"]),
      }),
    ).toEqual({
      port: 8080,
      redisUrl: "redis://default:[redacted]@cache.internal:6379/0",
      databaseUrl: "postgres://app:[redacted]@db/runwatch",
      secrets: { RUNWATCH_GITHUB_SECRET: "[redacted]" },
      adminToken: "[redacted]",
      audit: { key: "[redacted]", checkpointUrl: "https://hooks.example/cp?token=[redacted]&x=1" },
      smtp: { host: "smtp", auth: { user: "u", pass: "[redacted]" } },
      tls: null,
      trustProxy: ["10.0.0.0/8"],
      allow: ["10.1.2.3"],
    });
  });

  it("leaves a URL without a password as it is", () => {
    expect(redactUrl("https://runwatch.example.com/path?a=1")).toBe("https://runwatch.example.com/path?a=1");
  });
});
