import { describe, expect, it } from "vitest";
import { fixtureJson } from "../test/helpers";
import {
  jenkinsJobPath,
  jenkinsSource,
  jenkinsStatus,
  normaliseJenkinsBuild,
  repoFromGitUrl,
} from "./jenkins";
import { PayloadError } from "./source";

type Body = Record<string, unknown>;
const FIXTURE = "jenkins/notification-plugin.completed.json";

/** The fixture's build with some fields changed. */
const build = (changes: Body = {}, top: Body = {}) => {
  const body = fixtureJson(FIXTURE);
  Object.assign(body.build as Body, changes);
  return Object.assign(body, top);
};

const request = () => ({ headers: {}, rawBody: Buffer.alloc(0) });

const normalised = (body: Body) => {
  const result = normaliseJenkinsBuild(body);
  if (result === null) throw new Error("expected a build");
  return result;
};

describe("the Notification plugin's documented example", () => {
  it("normalises into one job and one run of the same build", () => {
    const body = fixtureJson(FIXTURE);
    const identity = jenkinsSource.identify(request(), body);
    expect(identity).toEqual({ event: "COMPLETED", deliveryId: "asgard#18:COMPLETED" });
    const result = jenkinsSource.normalise(identity.event, body);
    expect(result).toEqual({
      kind: "data",
      observations: {
        jobs: [
          {
            id: "jenkins:asgard:18",
            source: "jenkins",
            repo: "evgeny-goldin/asgard",
            workflow: "asgard",
            name: "asgard",
            runId: "asgard:18",
            attempt: 1,
            branch: "master",
            sha: "c6d86dc654b12425e706bcf951adfe5a8627a517",
            status: "success",
            queuedAt: null,
            startedAt: null,
            finishedAt: null,
            queueMs: null,
            durationMs: null,
            runner: { name: null, group: null, labels: [] },
            url: "http://localhost:8080/job/asgard/18/",
            failure: null,
            steps: [],
          },
        ],
        runs: [
          {
            id: "jenkins:asgard:18",
            source: "jenkins",
            repo: "evgeny-goldin/asgard",
            workflow: "asgard",
            runId: "asgard:18",
            number: 18,
            attempt: 1,
            trigger: null,
            branch: "master",
            sha: "c6d86dc654b12425e706bcf951adfe5a8627a517",
            status: "success",
            queuedAt: null,
            startedAt: null,
            finishedAt: null,
            durationMs: null,
            url: "http://localhost:8080/job/asgard/18/",
            reported: true,
          },
        ],
        agents: [],
      },
    });
  });
});

describe("phases and results", () => {
  it.each([
    ["SUCCESS", "success", null],
    ["UNSTABLE", "failure", { cause: "test", step: null, reason: "UNSTABLE" }],
    ["FAILURE", "failure", { cause: "unknown", step: null }],
    ["NOT_BUILT", "skipped", null],
    ["ABORTED", "cancelled", { cause: "cancelled", step: null }],
    ["CRASHED", "failure", { cause: "unknown", step: null, reason: "CRASHED" }],
    ["constructor", "failure", { cause: "unknown", step: null, reason: "constructor" }],
  ])("COMPLETED with %s → %s", (status, expected, failure) => {
    const { job, run } = normalised(build({ status }));
    expect(job.status).toBe(expected);
    expect(run.status).toBe(expected);
    expect(job.failure).toEqual(failure);
  });

  it("reads the result at FINALIZED too", () => {
    expect(normalised(build({ phase: "FINALIZED", status: "FAILURE" })).job.status).toBe("failure");
  });

  it.each([
    ["QUEUED", "queued"],
    ["STARTED", "running"],
  ])("ignores the status reported at %s (the previous build's result)", (phase, expected) => {
    for (const status of ["FAILURE", "SUCCESS", "ABORTED", undefined]) {
      const { job, run } = normalised(build({ phase, status }));
      expect(job.status).toBe(expected);
      expect(run.status).toBe(expected);
      expect(job.failure).toBeNull();
      expect(job.finishedAt).toBeNull();
    }
  });

  it("ignores a phase the plugin may add later", () => {
    expect(jenkinsSource.normalise("DELETED", build({ phase: "DELETED" }))).toEqual({ kind: "ignored" });
  });

  it("requires the result once the build completed", () => {
    expect(() => jenkinsStatus("done", null)).toThrow(PayloadError);
    expect(() => normaliseJenkinsBuild(build({ status: undefined }))).toThrow(/build\.status/);
  });
});

describe("times (the plugin's timestamp marks the phase)", () => {
  const at = Date.parse("2024-05-01T10:00:00Z");

  it("QUEUED: when the build entered the queue", () => {
    const { job } = normalised(build({ phase: "QUEUED", timestamp: at, duration: 0 }));
    expect(job).toMatchObject({ queuedAt: "2024-05-01T10:00:00.000Z", startedAt: null, finishedAt: null });
  });

  it("QUEUED without an executor sends 0: no time", () => {
    expect(normalised(build({ phase: "QUEUED", timestamp: 0 })).job.queuedAt).toBeNull();
  });

  it("STARTED: when it started", () => {
    const { job, run } = normalised(build({ phase: "STARTED", timestamp: at, duration: 0 }));
    expect(job).toMatchObject({ startedAt: "2024-05-01T10:00:00.000Z", finishedAt: null });
    expect(run).toMatchObject({ startedAt: "2024-05-01T10:00:00.000Z", durationMs: null });
  });

  it("COMPLETED: when it ended, `duration` after it started", () => {
    const { job, run } = normalised(build({ timestamp: at, duration: 90_000 }));
    expect(job).toMatchObject({
      startedAt: "2024-05-01T09:58:30.000Z",
      finishedAt: "2024-05-01T10:00:00.000Z",
    });
    expect(run.durationMs).toBe(90_000);
  });

  it("COMPLETED without a duration (older plugin versions): only the end", () => {
    const { job } = normalised(build({ timestamp: at }));
    expect(job).toMatchObject({ startedAt: null, finishedAt: "2024-05-01T10:00:00.000Z" });
  });
});

describe("identity", () => {
  it.each([
    ["job/asgard/", "asgard", "asgard"],
    ["job/team/job/api/", "api", "team/api"],
    ["job/api/job/feature%252Flogin/", "feature%2Flogin", "api/feature%2Flogin"],
    [null, "asgard", "asgard"],
    ["view/all/", "asgard", "asgard"],
  ])("the job at %s (name %s) is %s", (url, name, path) => {
    expect(jenkinsJobPath(name, url)).toBe(path);
  });

  it("tells apart branches of a multibranch project that share a job name", () => {
    const main = build({}, { name: "main", url: "job/api/job/main/" });
    const other = build({}, { name: "main", url: "job/web/job/main/" });
    expect(normalised(main).job.id).toBe("jenkins:api/main:18");
    expect(normalised(other).job.id).toBe("jenkins:web/main:18");
    expect(jenkinsSource.identify(request(), main).deliveryId).toBe("api/main#18:COMPLETED");
  });

  it("names the job by its display name when sent", () => {
    expect(normalised(build({}, { display_name: "Asgard (release)" })).job.name).toBe("Asgard (release)");
  });

  it.each([
    ["https://github.com/evgeny-goldin/asgard.git", "evgeny-goldin/asgard"],
    ["git@github.com:acme/api.git", "acme/api"],
    ["ssh://git@git.example.com:7999/acme/api.git", "acme/api"],
    ["https://gitlab.com/group/sub/project", "group/sub/project"],
    ["/srv/git/project", null],
    ["", null],
  ])("reads the repo of %s as %s", (url, repo) => {
    expect(repoFromGitUrl(url)).toBe(repo);
  });

  it("falls back to the job path without an SCM, and strips remote prefixes from the branch", () => {
    const { job } = normalised(build({ scm: undefined }, { name: "api", url: "job/team/job/api/" }));
    expect(job).toMatchObject({ repo: "team/api", branch: null, sha: null });
    const branch = (b: string) => normalised(build({ scm: { branch: b } })).job.branch;
    expect(branch("origin/feature/x")).toBe("feature/x");
    expect(branch("refs/heads/main")).toBe("main");
    expect(branch("main")).toBe("main");
  });

  it.each([
    ["build.phase", (b: Body) => delete (b.build as Body).phase],
    ["build.number", (b: Body) => ((b.build as Body).number = "18")],
    ["name", (b: Body) => delete b.name],
    ["build", (b: Body) => delete b.build],
  ])("identify names the bad field %s", (field, mutate) => {
    const body = fixtureJson(FIXTURE);
    mutate(body);
    expect(() => jenkinsSource.identify(request(), body)).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    ["build.timestamp", (b: Body) => ((b.build as Body).timestamp = "2024-05-01")],
    ["build.duration", (b: Body) => ((b.build as Body).duration = -1)],
    ["build.scm.commit", (b: Body) => ((b.build as Body).scm = { commit: 42 })],
    ["build.status", (b: Body) => ((b.build as Body).status = 1)],
  ])("normalise names the bad field %s", (field, mutate) => {
    const body = fixtureJson(FIXTURE);
    mutate(body);
    expect(() => jenkinsSource.normalise("COMPLETED", body)).toThrow(expect.objectContaining({ field }));
  });
});
