import { describe, expect, it } from "vitest";
import { pageGate } from "./page-gate";

describe("pageGate", () => {
  it.each([
    ["/login", "/login"],
    ["/login?next=%2Fjobs", "/login"],
    ["/login/", "/login/"],
    ["/login/%2e", "/login/"],
    ["/_next/static/chunks/app.js", "/_next/static/chunks/app.js"],
    ["/icon.svg", "/icon.svg"],
    ["/favicon.ico", "/favicon.ico"],
  ])("lets %s through without a session", (target, path) => {
    expect(pageGate(target)).toMatchObject({ kind: "public", path });
  });

  it.each([
    ["/", "/"],
    ["/jobs", "/jobs"],
    ["/loginx", "/loginx"],
    ["/_next/../jobs", "/jobs"],
    ["/login/../admin", "/admin"],
    ["/_next/%2e%2e/jobs", "/jobs"],
    ["/_next/%2E%2E/jobs", "/jobs"],
    ["/_next/.%2e/jobs", "/jobs"],
    ["/_next/static/../../audit?x=1", "/audit"],
    ["/login\\..\\admin", "/admin"],
    ["/_next\\..\\jobs", "/jobs"],
    ["/login/./../admin", "/admin"],
    ["/%5fnext/static/x.js", "/%5fnext/static/x.js"],
    ["/icon.svg/../jobs", "/jobs"],
    ["/jobs/generic%3Abuild%25E0", "/jobs/generic%3Abuild%25E0"],
  ])("resolves %s to the private page %s", (target, path) => {
    expect(pageGate(target)).toMatchObject({ kind: "private", path });
  });

  it("keeps the query of the resolved path, for the sign-in redirect", () => {
    expect(pageGate("/_next/../audit?action=auth.*")).toEqual({
      kind: "private",
      path: "/audit",
      search: "?action=auth.*",
    });
  });

  it.each([
    ["/_next/..%2fjobs", "dot segments"],
    ["/_next/..%5cjobs", "dot segments"],
    ["/_next/%252e%252e/jobs", "dot segments"],
    ["/_next/%2e%2e%2fjobs", "dot segments"],
    ["/_next/%25252e%25252e/jobs", "dot segments"],
    ["/_next/%E0%A4%A", "percent-encoding"],
    ["//evil.example/_next/x", "single /"],
    ["http://runwatch.local/_next/../jobs", "single /"],
    ["*", "single /"],
  ])("refuses %s (%s)", (target, reason) => {
    const decision = pageGate(target);
    expect(decision.kind).toBe("refused");
    expect(decision.kind === "refused" && decision.reason).toContain(reason);
  });
});
