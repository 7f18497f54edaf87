import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  alertRuleInputSchema,
  alertRulePatchSchema,
  channelInputSchema,
  hasWildcard,
} from "../../lib/alerts";
import { mergeRulePatch, resolveRule } from "./config";

/** The first issue of a failed parse, as `path: message`, or "ok". */
function verdict(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) return "ok";
  const issue = result.error.issues[0];
  return `${issue?.path.join(".")}: ${issue?.message}`;
}

describe("alertRuleInputSchema", () => {
  const base = { name: "r", channels: ["c1"] };
  it.each<[string, Record<string, unknown>, string]>([
    ["job_state with on", { kind: "job_state", on: ["broke", "fixed"], match: { repo: "acme/*" } }, "ok"],
    ["job_state without on", { kind: "job_state" }, "on: job_state rules need `on` (broke, fixed, failure)"],
    [
      "job_state with an empty on",
      { kind: "job_state", on: [] },
      "on: Too small: expected array to have >=1 items",
    ],
    [
      "job_state repeating an event",
      { kind: "job_state", on: ["broke", "broke"] },
      "on: must not repeat an event",
    ],
    [
      "job_state with a threshold",
      { kind: "job_state", on: ["broke"], threshold: 3 },
      "threshold: job_state rules take no threshold",
    ],
    ["on for another kind", { kind: "stuck_job", on: ["broke"] }, "on: only job_state rules take `on`"],
    [
      "queue_time with a threshold",
      { kind: "queue_time", threshold: 600_000, match: { label: "gpu*" } },
      "ok",
    ],
    ["queue_time without", { kind: "queue_time" }, "threshold: queue_time rules need a threshold (ms)"],
    [
      "queue_time on a repo",
      { kind: "queue_time", threshold: 600_000, match: { repo: "a/*" } },
      "match.repo: queue_time rules cannot match on repo",
    ],
    [
      "queue_time with a source glob",
      { kind: "queue_time", threshold: 60_000, match: { source: "git*" } },
      "match.source: queue_time matches source exactly: no wildcards",
    ],
    [
      "queue_time with an unknown source",
      { kind: "queue_time", threshold: 60_000, match: { source: "circle" } },
      "match.source: must be one of github, gitlab, buildkite, jenkins, generic",
    ],
    ["stuck_job defaults its threshold", { kind: "stuck_job" }, "ok"],
    [
      "success_rate over 1",
      { kind: "success_rate", threshold: 1.5 },
      "threshold: must be between 0.01 and 1 (ratio)",
    ],
    [
      "success_rate with an exact branch",
      { kind: "success_rate", threshold: 0.9, match: { workflow: "*", branch: "main" } },
      "ok",
    ],
    [
      "success_rate with a branch glob",
      { kind: "success_rate", threshold: 0.9, match: { branch: "release/*" } },
      "match.branch: success_rate matches branch exactly: no wildcards",
    ],
    [
      "a window too short",
      { kind: "success_rate", threshold: 0.9, windowMs: 1000 },
      "windowMs: Too small: expected number to be >=300000",
    ],
    [
      "a window where none applies",
      { kind: "stuck_job", windowMs: 3_600_000 },
      "windowMs: stuck_job takes no window",
    ],
    [
      "a tick rule with a 1 s cool-down",
      { kind: "stuck_job", cooldownMs: 1000 },
      "cooldownMs: must be at least 60000 ms for stuck_job rules",
    ],
    ["job_state with cool-down 0", { kind: "job_state", on: ["failure"], cooldownMs: 0 }, "ok"],
    ["runner_offline per pool", { kind: "runner_offline", scope: "pool", match: { label: "gpu" } }, "ok"],
    [
      "a scope elsewhere",
      { kind: "stuck_job", scope: "pool" },
      "scope: only runner_offline rules take a scope",
    ],
    ["source_silent", { kind: "source_silent", threshold: 3_600_000, match: { source: "git*" } }, "ok"],
    [
      "a repeated channel",
      { kind: "stuck_job", channels: ["c1", "c1"] },
      "channels: must not repeat a channel",
    ],
    ["a typo'd field", { kind: "stuck_job", treshold: 5 }, 'Unrecognized key: "treshold"'],
  ])("%s → %s", (_name, rule, expected) => {
    expect(verdict(alertRuleInputSchema, { ...base, ...rule }).replace(/^: /, "")).toBe(expected);
  });

  it("fills the defaults of every kind", () => {
    const stuck = resolveRule(
      alertRuleInputSchema.parse({ ...base, kind: "stuck_job", match: { repo: "a/*" } }),
    );
    expect(stuck).toEqual({
      name: "r",
      enabled: true,
      severity: "warning",
      kind: "stuck_job",
      match: { repo: "a/*" },
      on: [],
      threshold: 900_000,
      windowMs: null,
      cooldownMs: 3_600_000,
      scope: null,
      channels: ["c1"],
    });
    const job = resolveRule(alertRuleInputSchema.parse({ ...base, kind: "job_state", on: ["broke"] }));
    expect(job).toMatchObject({ threshold: null, windowMs: null, cooldownMs: 0, match: {} });
    const offline = resolveRule(alertRuleInputSchema.parse({ ...base, kind: "runner_offline" }));
    expect(offline).toMatchObject({ threshold: 0, scope: "runner" });
    const rate = resolveRule(alertRuleInputSchema.parse({ ...base, kind: "success_rate", threshold: 0.8 }));
    expect(rate).toMatchObject({ threshold: 0.8, windowMs: 3_600_000 });
  });

  it("merges a patch onto the stored input, defaults untouched, null back to default", () => {
    const stored = alertRuleInputSchema.parse({
      ...base,
      kind: "stuck_job",
      enabled: false,
      threshold: 600_000,
    });
    const rename = alertRulePatchSchema.parse({ name: "renamed" });
    expect(rename).toEqual({ name: "renamed" });
    expect(alertRuleInputSchema.parse(mergeRulePatch(stored, rename))).toMatchObject({
      name: "renamed",
      enabled: false,
    });
    const reset = mergeRulePatch(stored, alertRulePatchSchema.parse({ threshold: null }));
    expect(resolveRule(alertRuleInputSchema.parse(reset)).threshold).toBe(900_000);
    const toJobState = mergeRulePatch(stored, alertRulePatchSchema.parse({ kind: "job_state" }));
    expect(verdict(alertRuleInputSchema, toJobState)).toMatch(/^on: /);
  });

  it("converts to JSON Schema for the OpenAPI document", () => {
    expect(() => z.toJSONSchema(alertRuleInputSchema, { io: "input" })).not.toThrow();
    expect(() => z.toJSONSchema(channelInputSchema, { io: "input" })).not.toThrow();
  });
});

describe("hasWildcard", () => {
  it.each([
    ["main", false],
    ["rel*", true],
    ["v?", true],
    ["a\\*b", false],
    ["a\\\\*", true],
  ])("%j → %s", (pattern, expected) => {
    expect(hasWildcard(pattern)).toBe(expected);
  });
});
