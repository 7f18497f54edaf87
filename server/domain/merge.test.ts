import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { normaliseWorkflowJob } from "../ingest/github";
import { fixtureJson } from "../test/helpers";
import { mergeJob } from "./merge";

/** One job's lifecycle, built from a real completed delivery by rolling it back to earlier stages. */
function lifecycle(): Job[] {
  const completed = fixtureJson("github/workflow_job.completed.1.json");
  const stage = (action: string, status: string, patch: Record<string, unknown>) => {
    const body = structuredClone(completed);
    body.action = action;
    Object.assign(body.workflow_job as Record<string, unknown>, { status, ...patch });
    return normaliseWorkflowJob(body);
  };
  const wj = completed.workflow_job as Record<string, unknown>;
  return [
    stage("queued", "queued", { conclusion: null, completed_at: null, started_at: wj.created_at, steps: [] }),
    stage("in_progress", "in_progress", { conclusion: null, completed_at: null }),
    normaliseWorkflowJob(completed),
  ];
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const replay = (events: Job[]) => events.reduce<Job | null>((current, e) => mergeJob(current, e), null);

describe("mergeJob", () => {
  const events = lifecycle();
  const inOrder = replay(events);

  it("in order: ends completed with queue time and duration", () => {
    expect(inOrder).toMatchObject({
      status: "failure",
      queuedAt: "2021-08-05T10:33:58Z",
      startedAt: "2021-08-05T10:34:58Z",
      finishedAt: "2021-08-05T10:38:16Z",
      queueMs: 60_000,
      durationMs: 198_000,
    });
  });

  it("every permutation, with redeliveries, ends in the same job", () => {
    for (const order of permutations(events)) {
      expect(replay(order)).toEqual(inOrder);
      expect(replay([...order, ...order.slice().reverse()])).toEqual(inOrder);
    }
  });

  it("a late in_progress never regresses a completed job", () => {
    const [, running, completed] = events as [Job, Job, Job];
    expect(mergeJob(completed, running)).toEqual(mergeJob(null, completed));
  });

  it("keeps the runner learned earlier when a later event lacks it", () => {
    const [queued, running] = events as [Job, Job, Job];
    const anonymous = { ...queued, runner: { name: null, group: null, labels: [] } };
    expect(mergeJob(running, anonymous).runner).toEqual(running.runner);
  });

  it("contradictory terminal reports resolve the same way in either order", () => {
    const failure = normaliseWorkflowJob(fixtureJson("github/workflow_job.completed.1.json"));
    const success = normaliseWorkflowJob(fixtureJson("github/workflow_job.completed.2.json"));
    expect(mergeJob(failure, success).status).toBe("failure");
    expect(mergeJob(success, failure).status).toBe("failure");
  });

  it("a later finish time wins between terminal reports", () => {
    const failure = normaliseWorkflowJob(fixtureJson("github/workflow_job.completed.1.json"));
    const retried = {
      ...failure,
      status: "success" as const,
      failure: null,
      finishedAt: "2021-08-05T10:40:00Z",
    };
    expect(mergeJob(failure, retried).status).toBe("success");
    expect(mergeJob(retried, failure).status).toBe("success");
  });
});
