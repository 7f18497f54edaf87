import { describe, expect, it } from "vitest";
import type { TeamMatch } from "../../lib/teams";
import { poolVisible, repoGlobWithin, ruleVisible, sloVisible, sourceVisible } from "./team-reach";

const repos: TeamMatch = { repos: ["acme/payments-*", "acme/ledger"], sources: [], pools: [] };
const pools: TeamMatch = { repos: [], sources: [], pools: ["gpu-*"] };
const sources: TeamMatch = { repos: [], sources: ["gitlab"], pools: [] };
const mixed: TeamMatch = { repos: ["acme/web"], sources: [], pools: ["queue=web"] };

describe("team reach", () => {
  it("lets an unscoped caller see everything", () => {
    expect(sourceVisible(null, "github")).toBe(true);
    expect(poolVisible(null, "anything")).toBe(true);
    expect(repoGlobWithin(null, undefined)).toBe(true);
    expect(sloVisible(null, { kind: "webhook_ack_p99", maxMs: 500 })).toBe(true);
  });

  it("shows a source or a pool only to a team of that kind of glob alone", () => {
    expect(sourceVisible([sources], "GitLab")).toBe(true);
    expect(sourceVisible([sources], "github")).toBe(false);
    expect(sourceVisible([repos, mixed], "github")).toBe(false);
    expect(poolVisible([pools], "gpu-a100")).toBe(true);
    expect(poolVisible([pools], "linux, x64")).toBe(false);
    // A team of repos and pools would see other repositories' jobs counted in the pool.
    expect(poolVisible([mixed], "queue=web")).toBe(false);
    expect(poolVisible([], "gpu-a100")).toBe(false);
  });

  it("keeps a repository glob within a team of repository globs alone", () => {
    expect(repoGlobWithin([repos], "acme/payments-api")).toBe(true);
    expect(repoGlobWithin([repos], "ACME/Ledger")).toBe(true);
    expect(repoGlobWithin([repos], "acme/payments-*")).toBe(true);
    // A glob reaching past the team's, or a name outside it.
    expect(repoGlobWithin([repos], "acme/*")).toBe(false);
    expect(repoGlobWithin([repos], "acme/pay*")).toBe(false);
    expect(repoGlobWithin([repos], "acme/web")).toBe(false);
    expect(repoGlobWithin([mixed], "acme/web")).toBe(false);
    expect(repoGlobWithin([repos], undefined)).toBe(false);
  });

  it("decides rules and SLOs by what they match", () => {
    expect(ruleVisible([repos], { match: { repo: "acme/ledger", branch: "main" } })).toBe(true);
    expect(ruleVisible([repos], { match: { source: "github" } })).toBe(false);
    expect(sloVisible([repos], { kind: "success_rate", repo: "acme/ledger" })).toBe(true);
    expect(sloVisible([repos], { kind: "success_rate" })).toBe(false);
    expect(sloVisible([pools], { kind: "queue_time_p95", pool: "gpu-h100", maxSeconds: 60 })).toBe(true);
    expect(sloVisible([repos], { kind: "queue_time_p95", pool: "gpu-h100", maxSeconds: 60 })).toBe(false);
    expect(sloVisible([sources], { kind: "webhook_ack_p99", maxMs: 500, source: "gitlab" })).toBe(true);
    expect(sloVisible([sources], { kind: "webhook_ack_p99", maxMs: 500 })).toBe(false);
  });
});
