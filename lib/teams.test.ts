import { describe, expect, it } from "vitest";
import { compileTeam, scopeOfTeams, teamInputSchema, teamsFor, type Team } from "./teams";

const team = (name: string, parts: Partial<Team>): Team => ({
  name,
  repos: [],
  sources: [],
  pools: [],
  groups: [],
  ...parts,
});

describe("compileTeam", () => {
  it("matches on the repo alone when only repos are given", () => {
    const match = compileTeam(team("p", { repos: ["acme/payments-*"] }));
    expect(match({ repo: "acme/payments-api", source: "gitlab", pool: null })).toBe(true);
    expect(match({ repo: "ACME/Payments-API", source: "github", pool: "x" })).toBe(true);
    expect(match({ repo: "acme/web", source: "github", pool: null })).toBe(false);
  });

  it("needs every kind it gives to match", () => {
    const match = compileTeam(team("p", { repos: ["acme/*"], pools: ["gpu*", "queue=deploy"] }));
    expect(match({ repo: "acme/x", source: "github", pool: "GPU-large" })).toBe(true);
    expect(match({ repo: "acme/x", source: "buildkite", pool: "queue=deploy" })).toBe(true);
    expect(match({ repo: "acme/x", source: "github", pool: "linux, x64" })).toBe(false);
    expect(match({ repo: "acme/x", source: "github", pool: null })).toBe(false);
    expect(match({ repo: "other/x", source: "github", pool: "gpu" })).toBe(false);
  });

  it("matches nothing without globs", () => {
    expect(compileTeam(team("e", {}))({ repo: "a", source: "github", pool: "p" })).toBe(false);
  });
});

describe("teamsFor", () => {
  const teams = [
    team("web", { repos: ["acme/web"], groups: ["web-devs"] }),
    team("ops", { sources: ["*"], groups: ["sre"] }),
  ];

  it("never scopes an admin", () => {
    expect(teamsFor({ scopes: ["admin"], groups: ["sre"], keyTeams: ["web"] }, teams)).toBeNull();
  });

  it("takes a key's explicit teams first, then the teams of the caller's groups", () => {
    expect(teamsFor({ scopes: ["read"], groups: ["sre"], keyTeams: ["web"] }, teams)).toEqual(["web"]);
    expect(teamsFor({ scopes: ["read"], groups: ["sre", "web-devs"], keyTeams: [] }, teams)).toEqual([
      "web",
      "ops",
    ]);
  });

  it("leaves a caller with no team unscoped", () => {
    expect(teamsFor({ scopes: ["read"], groups: [], keyTeams: [] }, teams)).toBeNull();
    expect(teamsFor({ scopes: ["read"], groups: ["finance"], keyTeams: [] }, teams)).toBeNull();
  });

  it("gives a deleted team's key a scope that matches nothing", () => {
    expect(scopeOfTeams(["gone"], teams)).toEqual([]);
    expect(scopeOfTeams(null, teams)).toBeNull();
  });
});

describe("teamInputSchema", () => {
  it("refuses a team without globs and a bad name", () => {
    expect(teamInputSchema.safeParse({ name: "a" }).error?.issues[0]?.path).toEqual(["repos"]);
    expect(teamInputSchema.safeParse({ name: "A b", repos: ["x"] }).error?.issues[0]?.path).toEqual(["name"]);
    expect(teamInputSchema.parse({ name: "a", repos: ["x"] })).toEqual(team("a", { repos: ["x"] }));
  });
});
