import { describe, expect, it } from "vitest";
import type { AlertRule, JobStateEvent } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import { manualClock } from "../domain/clock";
import { matcherFor } from "./observation";
import {
  decideJobState,
  evaluateJobState,
  jobMatchTarget,
  seriesKey,
  seriesStateFrom,
  type SeriesJob,
  type SeriesState,
} from "./job-state";
import type { SubjectState } from "./throttle";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const MIN = 60_000;

const job = (id: string, status: Job["status"], finishedMin: number | null): SeriesJob => ({
  id: `github:${id}`,
  source: "github",
  repo: "acme/api",
  branch: "main",
  workflow: "ci",
  name: "test",
  status,
  finishedAt: finishedMin === null ? null : new Date(T0 + finishedMin * MIN).toISOString(),
});

/** Feed jobs in arrival order; collect the events of each. */
function run(jobs: SeriesJob[]): JobStateEvent[][] {
  let state: SeriesState | undefined;
  return jobs.map((j) => {
    const result = evaluateJobState(state, j, T0);
    state = result.state;
    return result.events;
  });
}

describe("evaluateJobState", () => {
  it.each<[string, SeriesJob[], JobStateEvent[][]]>([
    ["first-ever failure breaks", [job("1", "failure", 1)], [["failure", "broke"]]],
    ["first-ever success says nothing", [job("1", "success", 1)], [[]]],
    [
      "broke, failing, fixed",
      [job("1", "success", 1), job("2", "failure", 2), job("3", "timed_out", 3), job("4", "success", 4)],
      [[], ["failure", "broke"], ["failure"], ["fixed"]],
    ],
    [
      "cancelled and skipped leave the series alone",
      [job("1", "failure", 1), job("2", "cancelled", 2), job("3", "skipped", 3), job("4", "failure", 4)],
      [["failure", "broke"], [], [], ["failure"]],
    ],
    [
      "a cancellation between a failure and a success neither breaks nor fixes: broke, then fixed by the success",
      [job("1", "failure", 1), job("2", "cancelled", 2), job("3", "success", 3)],
      [["failure", "broke"], [], ["fixed"]],
    ],
    [
      "a cancellation between two successes says nothing; neutral neither",
      [job("1", "success", 1), job("2", "cancelled", 2), job("3", "neutral", 3), job("4", "success", 4)],
      [[], [], [], []],
    ],
    [
      "a late older failure does not break a green series",
      [job("2", "success", 2), job("1", "failure", 1)],
      [[], []],
    ],
    [
      "a late older success does not fix a red series",
      [job("2", "failure", 2), job("1", "success", 1)],
      [["failure", "broke"], []],
    ],
    [
      "the same job delivered twice counts once",
      [job("1", "failure", 1), job("1", "failure", 1)],
      [["failure", "broke"], []],
    ],
    [
      "a job whose status is corrected later counts by its new outcome",
      [job("1", "success", 1), job("1", "failure", 2)],
      [[], ["failure", "broke"]],
    ],
    ["active statuses are ignored", [job("1", "running", null), job("1", "queued", null)], [[], []]],
  ])("%s", (_name, jobs, expected) => {
    expect(run(jobs)).toEqual(expected);
  });

  it("tracks the failing streak and its start", () => {
    let state = evaluateJobState(undefined, job("1", "failure", 1), T0).state;
    state = evaluateJobState(state, job("2", "failure", 5), T0).state;
    expect(state).toMatchObject({ outcome: "fail", failures: 2, failingSince: T0 + MIN, jobId: "github:2" });
  });

  it("uses the arrival time when the job has no finish time, and marks stale jobs", () => {
    const first = evaluateJobState(undefined, job("1", "failure", null), T0 + 10 * MIN);
    expect(first.state?.finishedAt).toBe(T0 + 10 * MIN);
    const late = evaluateJobState(first.state, job("0", "success", 5), T0);
    expect(late).toEqual({ state: first.state, events: [], stale: true });
  });

  it("seeds from the latest stored job, so a restart does not re-break a red series", () => {
    const seeded = seriesStateFrom(job("1", "failure", 1), T0);
    expect(evaluateJobState(seeded, job("2", "failure", 2), T0).events).toEqual(["failure"]);
    expect(seriesStateFrom(job("1", "cancelled", 1), T0)).toBeUndefined();
  });

  it("matches a job_state rule against the job's dimensions", () => {
    const rule = { kind: "job_state" as const, match: { repo: "acme/*", branch: "main", label: "LINUX" } };
    const target = jobMatchTarget({
      ...job("1", "failure", 1),
      runner: { name: "r", group: null, labels: ["linux"] },
    });
    expect(matcherFor(rule)(target)).toBe(true);
    expect(matcherFor({ ...rule, match: { branch: "release/*" } })(target)).toBe(false);
  });

  it("keys series by source, repo, branch, workflow and name", () => {
    const a = seriesKey(job("1", "success", 1));
    expect(seriesKey({ ...job("2", "failure", 2) })).toBe(a);
    expect(seriesKey({ ...job("1", "success", 1), branch: null })).not.toBe(a);
    expect(seriesKey({ ...job("1", "success", 1), repo: "acme/api,main" })).not.toBe(a);
  });
});

type Rule = Pick<AlertRule, "on" | "cooldownMs">;

/** Jobs arrive as the clock moves; collect what the rule notifies. */
function notifications(rule: Rule, steps: [advanceMin: number, status: Job["status"]][]) {
  const clock = manualClock(T0);
  let series: SeriesState | undefined;
  let throttle: SubjectState | undefined;
  return steps.map(([advance, status], i) => {
    clock.advance(advance * MIN);
    const result = evaluateJobState(series, { ...job(String(i), status, null) }, clock.now());
    series = result.state;
    const decision = decideJobState(rule, throttle, result, clock.now());
    throttle = decision.state;
    return decision.notify ? `${decision.notify.event}/${decision.notify.notice}` : null;
  });
}

describe("decideJobState", () => {
  const sequence: [number, Job["status"]][] = [
    [0, "success"],
    [1, "failure"], // broke
    [1, "failure"],
    [30, "failure"],
    [31, "failure"], // 62 min after the broke notice
    [1, "success"], // fixed
    [1, "failure"], // broke again, no cool-down across a resolution
  ];

  it.each<[string, Rule, (string | null)[]]>([
    [
      "broke and fixed only",
      { on: ["broke", "fixed"], cooldownMs: 0 },
      [null, "broke/firing", null, null, null, "fixed/resolved", "broke/firing"],
    ],
    [
      "every failure (cool-down 0)",
      { on: ["failure"], cooldownMs: 0 },
      [
        null,
        "failure/firing",
        "failure/reminder",
        "failure/reminder",
        "failure/reminder",
        null,
        "failure/firing",
      ],
    ],
    [
      "failures throttled by a 1 h cool-down",
      { on: ["broke", "failure", "fixed"], cooldownMs: 60 * MIN },
      [null, "broke/firing", null, null, "failure/reminder", "fixed/resolved", "broke/firing"],
    ],
    ["fixed only", { on: ["fixed"], cooldownMs: 0 }, [null, null, null, null, null, "fixed/resolved", null]],
  ])("%s", (_name, rule, expected) => {
    expect(notifications(rule, sequence)).toEqual(expected);
  });

  it("a rule created while a series is red reports the next failure as a failure, not a break", () => {
    const red = seriesStateFrom(job("1", "failure", 1), T0);
    const result = evaluateJobState(red, job("2", "failure", 2), T0);
    expect(decideJobState({ on: ["broke"], cooldownMs: 0 }, undefined, result, T0).notify).toBeNull();
    expect(decideJobState({ on: ["broke", "failure"], cooldownMs: 0 }, undefined, result, T0).notify).toEqual(
      {
        event: "failure",
        notice: "firing",
      },
    );
  });

  it("stale jobs notify nothing and keep the throttle state", () => {
    const state: SubjectState = { since: T0, lastNotifiedAt: T0, reminders: 0 };
    const stale = { state: undefined, events: [], stale: true };
    expect(decideJobState({ on: ["failure"], cooldownMs: 0 }, state, stale, T0 + MIN)).toEqual({
      state,
      notify: null,
    });
  });
});
