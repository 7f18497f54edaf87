import { describe, expect, it } from "vitest";
import type { Alert } from "../../lib/alerts";
import { JOB_RULE, NOW, QUEUE_ALERT, failedJob } from "./alerts.test-fixtures";
import { jobContent, nextAlert, observationContent } from "./draft";
import { evaluateJobState, seriesStateFrom } from "./job-state";
import { messageOf } from "./messages/message";
import type { Observation } from "./observation";

const BASE = "https://runwatch.example";
const MIN = 60_000;

describe("jobContent", () => {
  it("says what broke, where, and links job and dashboard", () => {
    const job = failedJob();
    const after = evaluateJobState(undefined, job, NOW).state;
    const before = seriesStateFrom(
      failedJob({ id: "github:100", status: "success", finishedAt: "2026-01-15T09:00:00Z" }),
      NOW,
    );
    const content = jobContent(job, "broke", before, after, BASE);
    expect(content).toMatchObject({
      summary: 'test (ubuntu) (acme/api · ci) failed on main (step_failed in "Run tests"); it passed before.',
      where: {
        source: "github",
        repo: "acme/api",
        branch: "main",
        workflow: "ci",
        job: "test (ubuntu)",
        runner: "box-1",
      },
      since: "2026-01-15T10:02:00.000Z",
      link: "https://runwatch.example/jobs/github%3A123",
      job: { id: "github:123", url: job.url, runner: "box-1", sha: job.sha },
    });
    expect(content.facts).toContainEqual({ label: "Commit", value: "9f3c2a7e1b4d" });
  });

  it("reports a first-ever failure and a fix with its streak", () => {
    const job = failedJob({ status: "timed_out", branch: null, failure: null });
    expect(
      jobContent(job, "broke", undefined, evaluateJobState(undefined, job, NOW).state, null).summary,
    ).toBe("test (ubuntu) (acme/api · ci) timed out on its first recorded run.");
    let red = seriesStateFrom(failedJob({ id: "github:1", finishedAt: "2026-01-15T09:00:00Z" }), NOW);
    red = evaluateJobState(red, failedJob({ id: "github:2", finishedAt: "2026-01-15T09:30:00Z" }), NOW).state;
    const fix = failedJob({
      id: "github:3",
      status: "success",
      failure: null,
      finishedAt: "2026-01-15T10:05:00Z",
    });
    const content = jobContent(fix, "fixed", red, evaluateJobState(red, fix, NOW).state, null);
    expect(content.summary).toBe(
      "test (ubuntu) (acme/api · ci) passes again on main after 2 failures over 1h 5m.",
    );
    expect(content.since).toBe("2026-01-15T09:00:00.000Z");
    expect(content.link).toBe("/jobs/github%3A3");
  });
});

describe("nextAlert", () => {
  const content = jobContent(
    failedJob(),
    "broke",
    undefined,
    evaluateJobState(undefined, failedJob(), NOW).state,
    BASE,
  );

  it("opens, reminds and resolves one alert", () => {
    const fired = nextAlert(JOB_RULE, "s", null, "firing", "broke", content, NOW);
    expect(fired).toMatchObject({
      id: null,
      ruleId: "rule-1",
      ruleName: "API main is red",
      severity: "critical",
      state: "firing",
      event: "broke",
      subject: "s",
      firedAt: new Date(NOW).toISOString(),
      resolvedAt: null,
    });
    const stored: Alert = { ...fired, id: "alert-1" };
    const reminded = nextAlert(JOB_RULE, "s", stored, "reminder", "failure", content, NOW + MIN);
    expect(reminded).toMatchObject({
      id: "alert-1",
      state: "firing",
      event: "failure",
      firedAt: stored.firedAt,
    });
    const resolved = nextAlert(JOB_RULE, "s", stored, "resolved", "fixed", content, NOW + 2 * MIN);
    expect(resolved).toMatchObject({
      id: "alert-1",
      state: "resolved",
      resolvedAt: new Date(NOW + 2 * MIN).toISOString(),
    });
  });

  it("resolves a subject that disappeared with what it last said", () => {
    const resolved = nextAlert(
      { ...JOB_RULE, ...QUEUE_ALERT, id: "rule-2", name: "GPU queue" },
      "gpu",
      QUEUE_ALERT,
      "resolved",
      "resolved",
      null,
      NOW,
    );
    expect(resolved.summary).toBe(
      `No longer observed (it ended or was removed). Was: ${QUEUE_ALERT.summary}`,
    );
    expect(resolved.where).toEqual(QUEUE_ALERT.where);
  });

  it("records a fix for a rule that never saw the break", () => {
    expect(nextAlert(JOB_RULE, "s", null, "resolved", "fixed", content, NOW)).toMatchObject({
      id: null,
      state: "resolved",
      firedAt: new Date(NOW).toISOString(),
      resolvedAt: new Date(NOW).toISOString(),
    });
  });
});

describe("observationContent", () => {
  const observation: Observation = {
    subject: "gpu",
    holds: true,
    summary: "s",
    where: { pool: "gpu" },
    facts: [],
    path: "/queue",
  };

  it("carries the observation and the start of the condition", () => {
    const content = observationContent(
      { subject: "gpu", notice: "firing", since: NOW - MIN, observation },
      BASE,
    );
    expect(content).toEqual({
      summary: "s",
      where: { pool: "gpu" },
      facts: [],
      since: new Date(NOW - MIN).toISOString(),
      job: null,
      link: "https://runwatch.example/queue",
    });
    expect(
      observationContent({ subject: "gpu", notice: "resolved", since: NOW, observation: null }, BASE),
    ).toBeNull();
  });
});

describe("messageOf", () => {
  it.each<[string, Alert, "firing" | "reminder" | "resolved", string]>([
    [
      "a break",
      {
        ...QUEUE_ALERT,
        kind: "job_state",
        event: "broke",
        where: { repo: "acme/api", workflow: "ci", job: "test", branch: "main" },
      },
      "firing",
      "Broke: acme/api · ci › test on main",
    ],
    [
      "a fix",
      {
        ...QUEUE_ALERT,
        kind: "job_state",
        event: "fixed",
        where: { repo: "acme/api", workflow: "ci", job: "test", branch: null },
      },
      "resolved",
      "Fixed: acme/api · ci › test",
    ],
    ["a queue alert", QUEUE_ALERT, "firing", "Queue time over threshold: gpu"],
    ["a reminder", QUEUE_ALERT, "reminder", "Still firing: Queue time over threshold: gpu"],
    [
      "a resolution",
      { ...QUEUE_ALERT, state: "resolved" },
      "resolved",
      "Resolved: Queue time over threshold: gpu",
    ],
    [
      "a pool offline",
      { ...QUEUE_ALERT, kind: "runner_offline", where: { pool: "gpu", source: "github" } },
      "firing",
      "Runner pool offline: gpu",
    ],
    [
      "a runner offline",
      { ...QUEUE_ALERT, kind: "runner_offline", where: { runner: "box-1", pool: "gpu" } },
      "firing",
      "Runner offline: box-1",
    ],
    [
      "a silent source",
      { ...QUEUE_ALERT, kind: "source_silent", where: { source: "gitlab" } },
      "firing",
      "Source silent: gitlab",
    ],
    [
      "a success rate",
      { ...QUEUE_ALERT, kind: "success_rate", where: { repo: "acme/api", workflow: "ci" } },
      "firing",
      "Success rate under threshold: acme/api · ci",
    ],
  ])("titles %s", (_name, alert, notice, title) => {
    expect(messageOf(alert, notice, NOW).title).toBe(title);
  });

  it("lists where, since, and only absolute http(s) links", () => {
    const snapshot = content().job;
    const m = messageOf(
      { ...QUEUE_ALERT, job: snapshot && { ...snapshot, url: "javascript:alert(1)" }, link: "/queue" },
      "firing",
      NOW,
    );
    expect(m.links).toEqual([]);
    expect(m.url).toBeNull();
    expect(m.sinceText).toBe("2026-01-15 10:00 UTC (1h 5m ago)");
    const linked = messageOf({ ...QUEUE_ALERT, job: content().job }, "firing", NOW);
    expect(linked.links).toEqual([
      { label: "Open in GitHub", url: "https://github.com/acme/api/actions/runs/42/job/123" },
      { label: "Open in Runwatch", url: "https://runwatch.example/queue" },
    ]);
    expect(
      messageOf({ ...QUEUE_ALERT, where: { repo: "a/b", branch: "main", source: "gitlab" } }, "firing", NOW)
        .where,
    ).toEqual([
      { label: "Repository", value: "a/b" },
      { label: "Branch", value: "main" },
      { label: "Source", value: "GitLab" },
    ]);
  });

  function content() {
    return jobContent(
      failedJob(),
      "broke",
      undefined,
      evaluateJobState(undefined, failedJob(), NOW).state,
      BASE,
    );
  }
});
