import { describe, expect, it } from "vitest";
import { safeNextPath, signInHref } from "./sign-in-path";

describe("safeNextPath", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/jobs?status=failure,timed_out&repo=acme%2Fapi")).toBe(
      "/jobs?status=failure,timed_out&repo=acme%2Fapi",
    );
    expect(safeNextPath("/jobs/github%3A1#steps")).toBe("/jobs/github%3A1#steps");
    expect(safeNextPath("/audit/../admin")).toBe("/admin");
  });

  it("refuses anything that could leave the origin", () => {
    for (const raw of [
      "//evil.example",
      "//evil.example/jobs",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "jobs",
      " /jobs",
      "",
      null,
      undefined,
    ]) {
      expect(safeNextPath(raw), String(raw)).toBe("/");
    }
  });

  it("never sends the sign-in page back to itself", () => {
    expect(safeNextPath("/login")).toBe("/");
    expect(safeNextPath("/login?next=/admin")).toBe("/");
    expect(safeNextPath("/login/")).toBe("/");
    expect(safeNextPath("/loginx")).toBe("/loginx");
  });
});

describe("signInHref", () => {
  it("carries the path to come back to", () => {
    expect(signInHref("/audit?action=auth.*")).toBe("/login?next=%2Faudit%3Faction%3Dauth.*");
    expect(signInHref("/")).toBe("/login");
    expect(signInHref("//evil.example")).toBe("/login");
  });
});
