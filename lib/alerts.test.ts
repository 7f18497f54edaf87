import { describe, expect, it } from "vitest";
import { alertRuleInputSchema, channelInputSchema, hasWildcard } from "./alerts";

/** Every issue of an input the schema refuses, as `path: message`. */
function issues(schema: typeof alertRuleInputSchema | typeof channelInputSchema, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("hasWildcard", () => {
  it.each([
    ["acme/*", true],
    ["release-?", true],
    ["acme/api", false],
    ["literal\\*star", false],
    ["escaped backslash \\\\*", true],
  ])("%s → %s", (pattern, expected) => {
    expect(hasWildcard(pattern)).toBe(expected);
  });
});

describe("alertRuleInputSchema", () => {
  it("fills in enabled and severity, and keeps the rest as posted", () => {
    expect(
      alertRuleInputSchema.parse({
        name: "main is red",
        kind: "job_state",
        match: { repo: "acme/*", branch: "main" },
        on: ["broke", "fixed"],
        channels: ["ch-1"],
      }),
    ).toEqual({
      name: "main is red",
      enabled: true,
      severity: "warning",
      kind: "job_state",
      match: { repo: "acme/*", branch: "main" },
      on: ["broke", "fixed"],
      channels: ["ch-1"],
    });
  });

  it("checks what each kind takes", () => {
    expect(issues(alertRuleInputSchema, { name: "r", kind: "job_state", channels: [] })).toEqual([
      "on: job_state rules need `on` (broke, fixed, failure)",
    ]);
    expect(
      issues(alertRuleInputSchema, {
        name: "r",
        kind: "source_silent",
        on: ["broke"],
        threshold: 600_000,
        channels: [],
      }),
    ).toEqual(["on: only job_state rules take `on`"]);
    expect(
      issues(alertRuleInputSchema, {
        name: "r",
        kind: "job_state",
        on: ["broke", "broke"],
        scope: "pool",
        channels: ["a", "a"],
      }),
    ).toEqual([
      "on: must not repeat an event",
      "scope: only runner_offline rules take a scope",
      "channels: must not repeat a channel",
    ]);
  });

  it("refuses unknown fields and control characters", () => {
    expect(
      issues(alertRuleInputSchema, { name: "r", kind: "job_state", on: ["broke"], channels: [], extra: 1 }),
    ).toEqual([': Unrecognized key: "extra"']);
    expect(
      issues(alertRuleInputSchema, { name: "a\u0007b", kind: "job_state", on: ["broke"], channels: [] }),
    ).toEqual(["name: must not contain control characters"]);
  });
});

describe("channelInputSchema", () => {
  it("accepts a signed webhook and an email channel", () => {
    const webhook = {
      name: "hook",
      kind: "webhook",
      config: { url: "https://hooks.example/x", secret: "s".repeat(16) },
    };
    expect(channelInputSchema.parse(webhook)).toEqual(webhook);
    const email = { name: "mail", kind: "email", config: { to: ["oncall@example.com"] } };
    expect(channelInputSchema.parse(email)).toEqual(email);
  });

  it("asks each kind for its own settings", () => {
    expect(
      issues(channelInputSchema, { name: "m", kind: "email", config: { url: "https://x.example" } }),
    ).toEqual([
      "config.to: an email channel needs at least one recipient in `to`",
      "config.url: an email channel has no url",
    ]);
    expect(
      issues(channelInputSchema, {
        name: "s",
        kind: "slack",
        config: { to: ["a@example.com"], secret: "s".repeat(16) },
      }),
    ).toEqual([
      "config.url: a slack channel needs a url",
      "config.to: only email channels take recipients",
      "config.secret: only webhook channels sign",
    ]);
    expect(
      issues(channelInputSchema, { name: "h", kind: "webhook", config: { url: "ftp://x.example" } }),
    ).toEqual(["config.url: must be an http(s) URL"]);
  });
});
