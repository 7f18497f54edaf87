/** Role rules: parsing `value=role` lists and first-match resolution over claim values. */
import { describe, expect, it } from "vitest";
import { claimValues, parseRoleRules, resolveRole } from "./role-rules";

describe("parseRoleRules", () => {
  it("keeps the order, trims, skips empty parts, and splits at the last =", () => {
    expect(parseRoleRules(" ou=admins=admin , *=read,")).toEqual({
      rules: [
        { value: "ou=admins", role: "admin" },
        { value: "*", role: "read" },
      ],
    });
    expect(parseRoleRules("")).toEqual({ rules: [] });
  });

  it("names the part that is not value=role", () => {
    expect(parseRoleRules("admins=admin,devs")).toEqual({
      error: '"devs" is not value=role with role one of admin, read, auditor, deny',
    });
    expect(parseRoleRules("=admin")).toHaveProperty("error");
    expect(parseRoleRules("devs=owner")).toHaveProperty("error");
  });
});

describe("resolveRole", () => {
  const rules = [
    { value: "contractors", role: "deny" as const },
    { value: "platform-admins", role: "admin" as const },
    { value: "*", role: "read" as const },
  ];

  it("takes the first rule the claim matches, in rule order", () => {
    expect(resolveRole(rules, ["platform-admins", "contractors"], "deny")).toEqual({
      role: "deny",
      matched: "contractors=deny",
    });
    expect(resolveRole(rules, ["platform-admins"], "deny")).toEqual({
      role: "admin",
      matched: "platform-admins=admin",
    });
    expect(resolveRole(rules, [], "deny")).toEqual({ role: "read", matched: "*=read" });
  });

  it("falls back to the default when nothing matches", () => {
    expect(resolveRole(rules.slice(0, 2), ["developers"], "deny")).toEqual({
      role: "deny",
      matched: "default",
    });
    expect(resolveRole([], ["developers"], "auditor")).toEqual({ role: "auditor", matched: "default" });
  });
});

describe("claimValues", () => {
  it("reads a string or an array's strings, nothing else", () => {
    expect(claimValues("example.com")).toEqual(["example.com"]);
    expect(claimValues(["a", 1, "b", null])).toEqual(["a", "b"]);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ a: "b" })).toEqual([]);
  });
});
