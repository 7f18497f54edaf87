import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { channelInputSchema, channelPatchSchema } from "../../lib/alerts";
import { channelView, mergeChannelPatch, redactUrl } from "./config";

/** The first issue of a failed parse, as `path: message`, or "ok". */
function verdict(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) return "ok";
  const issue = result.error.issues[0];
  return `${issue?.path.join(".")}: ${issue?.message}`;
}

describe("channelInputSchema", () => {
  const hook = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX";
  it.each<[string, unknown, string]>([
    ["slack with a url", { name: "ops", kind: "slack", config: { url: hook } }, "ok"],
    ["teams with a url", { name: "ops", kind: "teams", config: { url: "https://x.example/wf?sig=1" } }, "ok"],
    [
      "discord over http (a local relay)",
      { name: "d", kind: "discord", config: { url: "http://relay:8080/x" } },
      "ok",
    ],
    [
      "signed webhook",
      { name: "w", kind: "webhook", config: { url: "https://x.example/in", secret: "s".repeat(16) } },
      "ok",
    ],
    ["unsigned webhook", { name: "w", kind: "webhook", config: { url: "https://x.example/in" } }, "ok"],
    ["email", { name: "e", kind: "email", config: { to: ["oncall@example.com"] } }, "ok"],
    [
      "slack without a url",
      { name: "ops", kind: "slack", config: {} },
      "config.url: a slack channel needs a url",
    ],
    [
      "a javascript: url",
      { name: "x", kind: "webhook", config: { url: "javascript:alert(1)" } },
      "config.url: must be an http(s) URL",
    ],
    [
      "a file: url",
      { name: "x", kind: "discord", config: { url: "file:///etc/passwd" } },
      "config.url: must be an http(s) URL",
    ],
    [
      "email without recipients",
      { name: "e", kind: "email", config: {} },
      "config.to: an email channel needs at least one recipient in `to`",
    ],
    [
      "email with a bad address",
      { name: "e", kind: "email", config: { to: ["not-an-address"] } },
      "config.to.0: Invalid email address",
    ],
    [
      "email with a url",
      { name: "e", kind: "email", config: { to: ["a@b.co"], url: hook } },
      "config.url: an email channel has no url",
    ],
    [
      "slack with recipients",
      { name: "s", kind: "slack", config: { url: hook, to: ["a@b.co"] } },
      "config.to: only email channels take recipients",
    ],
    [
      "a secret on slack",
      { name: "s", kind: "slack", config: { url: hook, secret: "s".repeat(16) } },
      "config.secret: only webhook channels sign",
    ],
    [
      "a short secret",
      { name: "w", kind: "webhook", config: { url: hook, secret: "short" } },
      "config.secret: Too small: expected string to have >=16 characters",
    ],
    [
      "an unknown kind",
      { name: "x", kind: "pager", config: {} },
      'kind: Invalid option: expected one of "slack"|"teams"|"discord"|"email"|"webhook"',
    ],
    [
      "a typo'd key",
      { name: "x", kind: "slack", config: { url: hook, channel: "#ops" } },
      'config: Unrecognized key: "channel"',
    ],
    [
      "a newline in the name",
      { name: "a\nb", kind: "slack", config: { url: hook } },
      "name: must not contain control characters",
    ],
  ])("%s → %s", (_name, input, expected) => {
    expect(verdict(channelInputSchema, input)).toBe(expected);
  });

  it("merges a patch key by key into the stored config, null removing a key", () => {
    const stored = channelInputSchema.parse({
      name: "w",
      kind: "webhook",
      config: { url: hook, secret: "s".repeat(16) },
    });
    const moved = mergeChannelPatch(
      stored,
      channelPatchSchema.parse({ config: { url: "https://new.example/in" } }),
    );
    expect(channelInputSchema.parse(moved)).toEqual({
      name: "w",
      kind: "webhook",
      config: { url: "https://new.example/in", secret: "s".repeat(16) },
    });
    const toSlack = channelPatchSchema.parse({ kind: "slack", config: { secret: null } });
    expect(channelInputSchema.parse(mergeChannelPatch(stored, toSlack))).toEqual({
      name: "w",
      kind: "slack",
      config: { url: hook },
    });
    expect(verdict(channelInputSchema, mergeChannelPatch(stored, { kind: "slack" }))).toBe(
      "config.secret: only webhook channels sign",
    );
  });
});

describe("channelView", () => {
  it("never shows the secret or the whole URL", () => {
    const stored = {
      id: "ch-1",
      name: "hook",
      kind: "webhook" as const,
      config: { url: "https://x.example/in/tokentoken1234", secret: "s".repeat(16) },
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    };
    const view = channelView(stored);
    expect(view).toEqual({
      id: "ch-1",
      name: "hook",
      kind: "webhook",
      url: "https://x.example/…1234",
      to: null,
      hasSecret: true,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    });
    expect(JSON.stringify(view)).not.toContain("token");
    const email = channelView({ ...stored, kind: "email", config: { to: ["a@b.co"] } });
    expect(email).toMatchObject({ url: null, to: ["a@b.co"], hasSecret: false });
  });
});

describe("redactUrl", () => {
  it.each([
    ["https://hooks.slack.com/services/T000/B000/abcdWXYZ", "https://hooks.slack.com/…WXYZ"],
    [
      "https://prod.westus.logic.azure.com/workflows/1/triggers?sig=SECRET9",
      "https://prod.westus.logic.azure.com/…RET9",
    ],
    ["https://x.example/", "https://x.example/…"],
    ["not a url", "…"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
