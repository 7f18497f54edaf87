import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/lib/alerts";
import {
  RuleValueError,
  conditionSummary,
  initialValues,
  matchSummary,
  toRuleBody,
} from "./alert-rule-units";

const rule: AlertRule = {
  id: "r1",
  name: "slow queue",
  enabled: true,
  severity: "critical",
  kind: "queue_time",
  match: { label: "linux-*" },
  on: [],
  threshold: 600_000,
  windowMs: 3_600_000,
  cooldownMs: 3_600_000,
  scope: null,
  channels: ["c1"],
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("rule form units", () => {
  it("shows API units in form units and back", () => {
    const values = initialValues(rule);
    expect(values).toMatchObject({ threshold: "10", window: "1", cooldown: "60" });
    expect(toRuleBody(values, true)).toEqual({
      name: "slow queue",
      kind: "queue_time",
      severity: "critical",
      match: { label: "linux-*" },
      channels: ["c1"],
      on: null,
      threshold: 600_000,
      windowMs: 3_600_000,
      cooldownMs: 3_600_000,
      scope: null,
    });
  });

  it("leaves unset fields out of a new rule, and drops match keys the kind does not take", () => {
    const values = { ...initialValues(), name: "broke", match: { repo: "acme/*", label: "" } };
    expect(toRuleBody(values, false)).toEqual({
      name: "broke",
      kind: "job_state",
      severity: "warning",
      match: { repo: "acme/*" },
      channels: [],
      on: ["broke"],
    });
    const queue = { ...values, kind: "queue_time" as const, threshold: "2.5" };
    expect(toRuleBody(queue, false)).toMatchObject({ match: {}, threshold: 150_000 });
  });

  it("names the field of a number that does not parse", () => {
    const values = { ...initialValues(rule), cooldown: "soon" };
    expect(() => toRuleBody(values, false)).toThrow(RuleValueError);
  });

  it("summarises match and condition", () => {
    expect(matchSummary({})).toBe("everything");
    expect(matchSummary({ repo: "a/b", branch: "main" })).toBe("repo=a/b, branch=main");
    expect(conditionSummary(rule)).toBe("after 10 min");
    expect(conditionSummary({ ...rule, kind: "success_rate", threshold: 0.9 })).toBe("below 90%");
  });
});
