/**
 * The socket contract's readers: what the browser accepts from the server and
 * what the server accepts from `subscribe`. Payloads below were captured from
 * the real server (GitHub fixture `workflow_job.completed.2.json`, steps cut to two).
 */
import { describe, expect, it } from "vitest";
import {
  MAX_FILTER_VALUES,
  parseServerEvent,
  parseSubscribeFilter,
  serverEventSchemas,
  type ServerEventName,
} from "./events";

const job = {
  id: "github:289782451",
  source: "github",
  repo: "Codertocat/Hello-World",
  workflow: "CodeQL",
  name: "linters",
  runId: "2202229078",
  attempt: 1,
  branch: "main",
  sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
  status: "success",
  queuedAt: "2021-08-05T10:33:58Z",
  startedAt: "2021-08-05T10:34:58Z",
  finishedAt: "2021-08-05T10:38:16Z",
  queueMs: 60000,
  durationMs: 198000,
  runner: { name: "GitHub Actions 5", group: "GitHub Actions", labels: ["ubuntu-latest"] },
  url: "https://github.com/octo-org/octo-repo/runs/1291536064",
  failure: null,
  steps: [
    {
      name: "Set up job",
      status: "success",
      startedAt: "2021-08-05T10:26:08.000Z",
      finishedAt: "2021-08-05T10:26:11.000Z",
    },
    {
      name: "Complete job",
      status: "success",
      startedAt: "2021-08-05T10:26:26.000Z",
      finishedAt: "2021-08-05T10:26:26.000Z",
    },
  ],
};

const run = {
  id: "github:2202229078",
  source: "github",
  repo: "Codertocat/Hello-World",
  workflow: "CodeQL",
  runId: "2202229078",
  number: null,
  attempt: 1,
  trigger: null,
  branch: "main",
  sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
  status: "success",
  queuedAt: "2021-08-05T10:33:58Z",
  startedAt: "2021-08-05T10:34:58Z",
  finishedAt: "2021-08-05T10:38:16Z",
  durationMs: 198000,
  url: null,
  reported: false,
};

const runner = {
  id: "github:GitHub Actions 5",
  source: "github",
  name: "GitHub Actions 5",
  group: "GitHub Actions",
  labels: ["ubuntu-latest"],
  // A GitHub-hosted runner once its job is over: retired, shown offline.
  status: "offline",
  currentJobId: null,
  lastSeenAt: "2026-12-03T07:37:58.796Z",
  connected: null,
  kind: "hosted",
  kindSource: "vendor",
  retired: true,
  jobs: 1,
  lastJobId: "github:289782451",
};

const stats = {
  source: "github",
  counts: { accepted: 1, duplicate: 0, ignored: 0, rejected: 0, invalid: 0 },
  lastDeliveryAt: "2026-12-03T07:37:58.796Z",
  lastAcceptedAt: "2026-12-03T07:37:58.796Z",
  lastRefusedAt: null,
};

// From the server's own alert test (a job_state rule on a first failure); the job is another than `job`'s.
const alert = {
  id: "al_3308d093-16f2-424d-a6f2-013ac1122064",
  ruleId: "rule_78e26e45-3a0a-422e-9be0-4fe465a5750e",
  ruleName: "Hello-World main",
  kind: "job_state",
  severity: "critical",
  state: "firing",
  event: "broke",
  subject: '["github","Codertocat/Hello-World","main","CodeQL","linters"]',
  summary:
    'linters (Codertocat/Hello-World · CodeQL) failed on main (test in "Run yarn run format-check") on its first recorded run.',
  where: {
    source: "github",
    repo: "Codertocat/Hello-World",
    branch: "main",
    workflow: "CodeQL",
    job: "linters",
    runner: "GitHub Actions 5",
  },
  facts: [
    { label: "Status", value: "failure" },
    { label: "Cause", value: "test · Run yarn run format-check" },
    { label: "Commit", value: "3484a3fb816e" },
  ],
  since: "2021-08-05T10:20:00.000Z",
  firedAt: "2021-08-05T11:00:00.000Z",
  resolvedAt: null,
  job: {
    id: "github:8001",
    source: "github",
    repo: "Codertocat/Hello-World",
    workflow: "CodeQL",
    name: "linters",
    branch: "main",
    sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
    status: "failure",
    finishedAt: "2021-08-05T10:20:00Z",
    url: "https://github.com/octo-org/octo-repo/runs/1291536064",
    runner: "GitHub Actions 5",
  },
  link: "https://runwatch.example/jobs/github%3A8001",
  openedBy: { jobId: "github:8001", runId: "github:2202229078" },
  closedBy: null,
  resolution: null,
};

const payloads: Record<ServerEventName, Record<string, unknown>> = {
  "jobs:updated": { version: 1, jobs: [job] },
  "runs:updated": { version: 1, runs: [run] },
  "runners:updated": { version: 1, runners: [runner] },
  "sources:updated": { version: 1, sources: [stats] },
  "metrics:updated": {
    version: 1,
    at: "2026-12-03T07:37:59.805Z",
    sources: ["github"],
    repos: ["Codertocat/Hello-World"],
  },
  "diagnoses:updated": {
    version: 1,
    at: "2026-03-01T12:01:01.000Z",
    diagnoses: [
      {
        kind: "dispatch_stall",
        pool: "linux, self-hosted",
        source: "github",
        since: "2026-03-01T12:01:00.000Z",
        detail:
          "test (lineville/elastic-machines-testing · Env Test) has waited 1 min while runner rack-1 sits idle and could take it: check that runner's service and its registration.",
        jobId: "github:2",
      },
    ],
  },
  "alert:fired": { version: 1, notice: "firing", alert },
  "server:draining": { version: 1, at: "2026-12-03T07:38:00.000Z" },
};
const events = Object.keys(payloads) as ServerEventName[];

describe("serverEventSchemas", () => {
  it("names every event the server sends", () => {
    expect(Object.keys(serverEventSchemas).sort()).toEqual([
      "alert:fired",
      "diagnoses:updated",
      "jobs:updated",
      "metrics:updated",
      "runners:updated",
      "runs:updated",
      "server:draining",
      "sources:updated",
    ]);
  });
});

describe("parseServerEvent", () => {
  it.each(events)("accepts a real %s payload as it is", (event) => {
    expect(parseServerEvent(event, structuredClone(payloads[event]))).toEqual(payloads[event]);
  });

  it.each(events)("refuses a %s payload of another version, or with none", (event) => {
    expect(parseServerEvent(event, { ...payloads[event], version: 2 })).toBeNull();
    expect(parseServerEvent(event, { ...payloads[event], version: "1" })).toBeNull();
    expect(parseServerEvent(event, { ...payloads[event], version: undefined })).toBeNull();
  });

  it.each(events)("refuses %s sent with another event's payload", (event) => {
    const other = event === "jobs:updated" ? "runs:updated" : "jobs:updated";
    expect(parseServerEvent(event, payloads[other])).toBeNull();
  });

  it("refuses a payload that is not an object", () => {
    expect(parseServerEvent("jobs:updated", null)).toBeNull();
    expect(parseServerEvent("jobs:updated", "job")).toBeNull();
    expect(parseServerEvent("jobs:updated", [payloads["jobs:updated"]])).toBeNull();
  });

  it("refuses an empty list, and a lone record where a list belongs", () => {
    expect(parseServerEvent("jobs:updated", { version: 1, jobs: [] })).toBeNull();
    expect(parseServerEvent("jobs:updated", { version: 1, jobs: job })).toBeNull();
    expect(parseServerEvent("jobs:updated", { version: 1, job })).toBeNull();
  });

  it.each([
    ["a missing id", { id: undefined }],
    ["an unknown status", { status: "done" }],
    ["an unknown source", { source: "travis" }],
    ["a time that is not ISO 8601", { startedAt: "yesterday" }],
    ["a duration that is text", { durationMs: "198000" }],
    ["runner labels that are not a list", { runner: { name: null, group: null, labels: "gpu" } }],
    ["a step without a status", { steps: [{ name: "x", startedAt: null, finishedAt: null }] }],
  ])("refuses a job with %s", (_, patch) => {
    expect(parseServerEvent("jobs:updated", { version: 1, jobs: [job, { ...job, ...patch }] })).toBeNull();
  });

  it("refuses malformed runs, runners, counts, metrics and alerts", () => {
    expect(parseServerEvent("runs:updated", { version: 1, runs: [{ ...run, reported: "no" }] })).toBeNull();
    expect(
      parseServerEvent("runners:updated", { version: 1, runners: [{ ...runner, status: "gone" }] }),
    ).toBeNull();
    const missingCount = { ...stats, counts: { accepted: 1, duplicate: 0, ignored: 0, rejected: 0 } };
    expect(parseServerEvent("sources:updated", { version: 1, sources: [missingCount] })).toBeNull();
    expect(
      parseServerEvent("metrics:updated", { ...payloads["metrics:updated"], sources: ["travis"] }),
    ).toBeNull();
    expect(parseServerEvent("alert:fired", { version: 1, notice: "ringing", alert })).toBeNull();
    expect(
      parseServerEvent("alert:fired", { version: 1, notice: "firing", alert: { ...alert, facts: null } }),
    ).toBeNull();
  });

  it("drops keys it does not know, so fields can be added without breaking older readers", () => {
    const parsed = parseServerEvent("jobs:updated", {
      version: 1,
      jobs: [{ ...job, queue: "fast" }],
      extra: 1,
    });
    expect(parsed).toEqual({ version: 1, jobs: [job] });
  });

  it("keeps optional fields the server sends", () => {
    const lost = { ...job, status: "running", finishedAt: null, durationMs: null, lost: true };
    expect(parseServerEvent("jobs:updated", { version: 1, jobs: [lost] })?.jobs[0]?.lost).toBe(true);
    const agent = { ...runner, connected: true, agentEventAt: "2026-12-03T07:30:00.000Z" };
    expect(
      parseServerEvent("runners:updated", { version: 1, runners: [agent] })?.runners[0]?.agentEventAt,
    ).toBe("2026-12-03T07:30:00.000Z");
  });
});

describe("parseSubscribeFilter", () => {
  it("accepts an empty filter and one that lists each dimension", () => {
    expect(parseSubscribeFilter({})).toEqual({ ok: true, filter: {} });
    const filter = { repos: ["octo/a"], sources: ["github", "gitlab"], labels: ["gpu"] };
    expect(parseSubscribeFilter(filter)).toEqual({ ok: true, filter });
  });

  it("refuses a bad value, naming the field", () => {
    expect(parseSubscribeFilter({ sources: ["github", "travis"] })).toEqual({
      ok: false,
      error: 'sources.1: Invalid option: expected one of "github"|"gitlab"|"buildkite"|"jenkins"|"generic"',
    });
    expect(parseSubscribeFilter({ repos: "octo/a" })).toEqual({
      ok: false,
      error: "repos: Invalid input: expected array, received string",
    });
    expect(parseSubscribeFilter({ labels: [""] })).toEqual({
      ok: false,
      error: "labels.0: Too small: expected string to have >=1 characters",
    });
    expect(parseSubscribeFilter({ labels: ["x".repeat(301)] })).toEqual({
      ok: false,
      error: "labels.0: Too big: expected string to have <=300 characters",
    });
  });

  it("refuses what is not an object", () => {
    expect(parseSubscribeFilter(null)).toEqual({
      ok: false,
      error: "Invalid input: expected object, received null",
    });
  });

  it("accepts 50 values across its lists and refuses 51", () => {
    expect(MAX_FILTER_VALUES).toBe(50);
    const repos = Array.from({ length: 25 }, (_, i) => `octo/r${i}`);
    const labels = Array.from({ length: 25 }, (_, i) => `l${i}`);
    expect(parseSubscribeFilter({ repos, labels }).ok).toBe(true);
    expect(parseSubscribeFilter({ repos, labels, sources: ["github"] })).toEqual({
      ok: false,
      error: "a subscription may list at most 50 values",
    });
  });
});
