import { describe, expect, it } from "vitest";
import { compileGlob, compileMatch, exactFilter } from "./glob";

describe("compileGlob", () => {
  it.each([
    ["main", "main", true],
    ["main", "Main", false],
    ["main", "mainline", false],
    ["*", "", true],
    ["*", "anything/at/all", true],
    ["release/*", "release/1.2", true],
    ["release/*", "release/1.2/hotfix", true],
    ["release/*", "release", false],
    ["acme/*", "acme/api", true],
    ["acme/*", "other/api", false],
    ["**/deploy", "a/b/deploy", true],
    ["feat-?", "feat-1", true],
    ["feat-?", "feat-12", false],
    ["feat-?", "feat-", false],
    ["?", "é", true],
    ["?", "😀", true],
    ["*test*", "unit-test-linux", true],
    ["*a*b", "aaaaab", true],
    ["*a*b", "aaaaa", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["v\\?", "v?", true],
    ["v\\?", "v1", false],
    ["a\\\\b", "a\\b", true],
    ["trailing\\", "trailing\\", true],
    ["[abc]", "[abc]", true],
    ["[abc]", "a", false],
  ])("%j matches %j: %s", (pattern, value, expected) => {
    expect(compileGlob(pattern)(value)).toBe(expected);
  });

  it("folds case only when asked", () => {
    expect(compileGlob("Linux-*", { caseInsensitive: true })("linux-X64")).toBe(true);
    expect(compileGlob("Linux-*")("linux-X64")).toBe(false);
  });

  it("stays fast on patterns that make backtracking regexes explode", () => {
    const started = performance.now();
    expect(compileGlob("*a*a*a*a*a*a*a*a*a*a*b")("a".repeat(300))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("compileMatch", () => {
  const target = {
    source: "github",
    repo: "acme/api",
    branch: "main",
    workflow: "ci",
    job: "test (ubuntu)",
    labels: ["self-hosted", "Linux", "gpu"],
  };

  it.each([
    [{}, true],
    [{ repo: "acme/*" }, true],
    [{ repo: "acme/*", branch: "main" }, true],
    [{ repo: "acme/*", branch: "release/*" }, false],
    [{ job: "test*" }, true],
    [{ label: "linux" }, true],
    [{ label: "arm*" }, false],
    [{ source: "git*" }, true],
  ])("%j: %s", (match, expected) => {
    expect(compileMatch(match)(target)).toBe(expected);
  });

  it("never matches a missing or null dimension", () => {
    expect(compileMatch({ branch: "*" })({ ...target, branch: null })).toBe(false);
    expect(compileMatch({ label: "*" })({ repo: "acme/api" })).toBe(false);
  });

  it("can be restricted to some keys", () => {
    expect(compileMatch({ repo: "acme/*", branch: "nope" }, ["repo"])(target)).toBe(true);
  });
});

describe("exactFilter", () => {
  it("keeps literal patterns, unescaped, and drops globs", () => {
    expect(exactFilter({ repo: "acme/*", branch: "main", job: "a\\*b", label: "x?" })).toEqual({
      branch: "main",
      job: "a*b",
    });
    expect(exactFilter(undefined)).toEqual({});
  });
});
