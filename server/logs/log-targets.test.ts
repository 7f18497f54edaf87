import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { loadSettings } from "../settings";
import { logTargetOf, wantsLog } from "./log-targets";

const job = (patch: Partial<Job>): Job => ({
  id: "github:42",
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  runId: "7",
  attempt: 1,
  branch: "main",
  sha: null,
  status: "failure",
  queuedAt: null,
  startedAt: null,
  finishedAt: null,
  queueMs: null,
  durationMs: null,
  runner: { name: null, group: null, labels: [] },
  url: null,
  failure: { cause: "test", step: "npm test" },
  steps: [],
  ...patch,
});

describe("read-token settings", () => {
  const settings = loadSettings({
    RUNWATCH_GITHUB_READ_TOKEN: "ghp_1234567890",
    RUNWATCH_GITLAB_READ_TOKEN: "glpat-1234567890",
    RUNWATCH_BUILDKITE_READ_TOKEN: "bkua_1234567890",
    RUNWATCH_BUILDKITE_API_URL: "https://bk.example/",
  });

  it("defaults the API URLs, derives GitLab's from the job, and trims a trailing slash", () => {
    expect(settings.logSources).toEqual({
      github: { token: "ghp_1234567890", apiUrl: "https://api.github.com" },
      gitlab: { token: "glpat-1234567890", url: null },
      buildkite: { token: "bkua_1234567890", apiUrl: "https://bk.example" },
    });
    expect(loadSettings({}).logSources).toEqual({ github: null, gitlab: null, buildkite: null });
  });

  it("names a bad variable without printing a token", () => {
    expect(() => loadSettings({ RUNWATCH_GITHUB_READ_TOKEN: "short" })).toThrow(
      /RUNWATCH_GITHUB_READ_TOKEN: RUNWATCH_GITHUB_READ_TOKEN must be at least 8 characters$/m,
    );
    expect(() => loadSettings({ RUNWATCH_OUTBOUND_ALLOW: "10.0.0.0/99" })).toThrow(
      'RUNWATCH_OUTBOUND_ALLOW: RUNWATCH_OUTBOUND_ALLOW must be comma-separated host names, addresses or CIDRs, e.g. ci.internal,10.1.0.0/16 (got "10.0.0.0/99")',
    );
    expect(() => loadSettings({ RUNWATCH_GITHUB_API_URL: "ftp://x" })).toThrow(
      "RUNWATCH_GITHUB_API_URL must be an http(s) URL",
    );
  });

  it("wants the log of failed and timed-out jobs of a source with a token, never of a cancelled one", () => {
    const sources = settings.logSources;
    expect(wantsLog(sources, job({}))).toBe(true);
    expect(wantsLog(sources, job({ status: "timed_out" }))).toBe(true);
    expect(wantsLog(sources, job({ status: "cancelled" }))).toBe(false);
    expect(wantsLog(sources, job({ status: "success", failure: null }))).toBe(false);
    expect(wantsLog(sources, job({ id: "jenkins:x", source: "jenkins" }))).toBe(false);
    expect(wantsLog(loadSettings({}).logSources, job({}))).toBe(false);
  });

  it("builds each vendor's documented request from the stored job", () => {
    const sources = settings.logSources;
    expect(logTargetOf(sources, job({}))).toMatchObject({
      url: "https://api.github.com/repos/acme/api/actions/jobs/42/logs",
      credentials: { authorization: "Bearer ghp_1234567890" },
    });
    expect(
      logTargetOf(
        sources,
        job({
          id: "gitlab:99",
          source: "gitlab",
          repo: "grp/sub/proj",
          url: "https://git.example.com/grp/sub/proj/-/jobs/99",
        }),
      ),
    ).toMatchObject({
      url: "https://git.example.com/api/v4/projects/grp%2Fsub%2Fproj/jobs/99/trace",
      credentials: { "private-token": "glpat-1234567890" },
    });
    expect(
      logTargetOf(
        sources,
        job({
          id: "buildkite:j-1",
          source: "buildkite",
          url: "https://buildkite.com/acme/deploy/builds/12#j-1",
        }),
      ),
    ).toMatchObject({
      url: "https://bk.example/v2/organizations/acme/pipelines/deploy/builds/12/jobs/j-1/log",
    });
    // Nothing to build the request from: no fetch.
    expect(logTargetOf(sources, job({ id: "buildkite:j-1", source: "buildkite", url: null }))).toBeNull();
    expect(logTargetOf(sources, job({ id: "github:not-a-number" }))).toBeNull();
  });
});
