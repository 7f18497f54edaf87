/**
 * A job's steps: planned once when a runner picks the job up, then read as
 * GitHub would report them at each stage (in progress, finished, cancelled).
 * Times are offsets in real milliseconds from the simulation's start.
 */
import { KINDS, type JobSpec } from "./catalog";
import type { Random } from "../../lib/random";

/** A step's conclusion, as GitHub reports it. */
export type StepConclusion = "success" | "failure" | "cancelled" | "skipped";

/** How a job that ran to its end finished. */
export type RunOutcome = "success" | "failure" | "timed_out";

/** One step as a `workflow_job` payload shows it. */
export interface StepSnapshot {
  name: string;
  number: number;
  status: "queued" | "in_progress" | "completed";
  conclusion: StepConclusion | null;
  startedAt: number | null;
  completedAt: number | null;
}

/** A step with its planned times and result. */
interface PlannedStep {
  name: string;
  number: number;
  start: number;
  end: number;
  conclusion: StepConclusion;
}

/** Every step of one job attempt, planned from start to end. */
export interface StepPlan {
  steps: PlannedStep[];
  /** When the job ends (its last step completes). */
  end: number;
  outcome: RunOutcome;
  /** The step that failed or ran out of time, if any. */
  failedStep: string | null;
}

interface StepTemplate {
  name: string;
  weight: number;
  fails?: boolean;
  post?: boolean;
}

function templates(spec: JobSpec): StepTemplate[] {
  const kind = KINDS[spec.kind];
  const shard = (name: string) =>
    spec.shard ? name.replace("$SHARD", spec.shard) : name.replace(" -- --shard=$SHARD", "");
  return [
    { name: "Set up job", weight: 3 },
    { name: "Run actions/checkout@v4", weight: 2 },
    ...kind.steps.map((s) => ({ ...s, name: shard(s.name) })),
    ...("post" in kind ? kind.post : []).map((name) => ({ name, weight: 1, post: true })),
    { name: "Post Run actions/checkout@v4", weight: 0.5, post: true },
    { name: "Complete job", weight: 0.3, post: true },
  ];
}

/**
 * Plans a job's steps. `nominalSeconds` is how long the whole job would take
 * on a real CI; `msPerSecond` turns that into demo time (1000 / speed).
 * A failure or timeout happens in one of the kind's `fails` steps; the
 * remaining steps are skipped, while checkout's post step and "Complete job"
 * still run, as on GitHub.
 */
export function planSteps(
  spec: JobSpec,
  outcome: RunOutcome,
  start: number,
  nominalSeconds: number,
  msPerSecond: number,
  rng: Random,
): StepPlan {
  const list = templates(spec);
  const totalWeight = list.reduce((sum, s) => sum + s.weight, 0);
  const failing = list.filter((s) => s.fails);
  const failAt = outcome === "success" ? undefined : rng.weighted(failing, (s) => s.weight);
  const steps: PlannedStep[] = [];
  let t = start;
  let broken = false;
  list.forEach((tpl, index) => {
    const number = index + 1;
    if (broken && !tpl.post) {
      steps.push({ name: tpl.name, number, start: t, end: t, conclusion: "skipped" });
      return;
    }
    if (broken && tpl.post && tpl.name.startsWith("Post ") && !tpl.name.includes("checkout")) {
      steps.push({ name: tpl.name, number, start: t, end: t, conclusion: "skipped" });
      return;
    }
    let seconds = (nominalSeconds * tpl.weight * rng.between(0.7, 1.3)) / totalWeight;
    if (tpl === failAt) {
      // A failing command usually stops part-way; a timed-out one runs to the limit.
      seconds = outcome === "timed_out" ? seconds * 3 : seconds * rng.between(0.2, 0.9);
    }
    const end = t + Math.max(1, Math.round(seconds * msPerSecond));
    const conclusion: StepConclusion =
      tpl === failAt ? (outcome === "timed_out" ? "cancelled" : "failure") : "success";
    steps.push({ name: tpl.name, number, start: t, end, conclusion });
    t = end;
    if (tpl === failAt) broken = true;
  });
  return { steps, end: t, outcome, failedStep: failAt?.name ?? null };
}

/** Steps as reported when the job has just started: the first in progress, the rest queued. */
export function stepsStarted(plan: StepPlan): StepSnapshot[] {
  return plan.steps.map((s, i) =>
    i === 0
      ? {
          name: s.name,
          number: s.number,
          status: "in_progress",
          conclusion: null,
          startedAt: s.start,
          completedAt: null,
        }
      : {
          name: s.name,
          number: s.number,
          status: "queued",
          conclusion: null,
          startedAt: null,
          completedAt: null,
        },
  );
}

/** Steps as reported when the job finished as planned. */
export function stepsFinished(plan: StepPlan): StepSnapshot[] {
  return plan.steps.map(finished);
}

function finished(s: PlannedStep): StepSnapshot {
  return {
    name: s.name,
    number: s.number,
    status: "completed",
    conclusion: s.conclusion,
    startedAt: s.start,
    completedAt: s.end,
  };
}

/** Steps as reported when the job was cancelled at `at`: the running step cancelled, later ones skipped. */
export function stepsCancelled(plan: StepPlan, at: number): StepSnapshot[] {
  return plan.steps.map((s) => {
    if (s.end <= at) return finished(s);
    if (s.start <= at) {
      return {
        name: s.name,
        number: s.number,
        status: "completed",
        conclusion: "cancelled",
        startedAt: s.start,
        completedAt: at,
      };
    }
    return {
      name: s.name,
      number: s.number,
      status: "completed",
      conclusion: "skipped",
      startedAt: at,
      completedAt: at,
    };
  });
}
