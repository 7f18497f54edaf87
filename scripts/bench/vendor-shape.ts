/**
 * How each source's normaliser shapes a job, for the generated data: the
 * workflow field, the runner, the link, the classified failure and the steps
 * (see `server/ingest/*`: GitLab reports the stage as the workflow and no
 * steps, Buildkite the queue as the runner group, Jenkins no runner at all).
 */
import type { JobFailure, JobRunner, JobStatus, JobStep } from "../../lib/job";
import type { Random } from "../../lib/random";
import type { JobSpec, RepoSpec, WorkflowSpec } from "./catalog";
import { KINDS } from "./kinds";

/** What one run shares between its jobs and their re-runs. */
export interface RunContext {
  repo: RepoSpec;
  workflow: WorkflowSpec;
  branch: string;
  isDefault: boolean;
  sha: string;
  runId: string;
  /** Build / pipeline number (Buildkite URLs, Jenkins ids), counted per repository and workflow. */
  number: number;
  numberKey: string;
  /** Queue-time multiplier of the hour (load and spikes). */
  load: number;
}

/** A job's id and its run's id. */
export interface JobIds {
  id: string;
  runId: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The step a failure of this kind of job lands in (GitHub's step name). */
const mainStep = (spec: JobSpec) => KINDS[spec.kind].steps.find((s) => s.fails)?.name ?? null;

/** The job's `workflow` as the source reports it. */
export function workflowName(ctx: RunContext, spec: JobSpec): string {
  switch (ctx.repo.source) {
    case "gitlab":
      return KINDS[spec.kind].stage; // GitLab reports the stage.
    case "buildkite":
      return `${ctx.repo.name.split("/").at(-1)}-${ctx.workflow.name}`;
    case "jenkins":
      return ctx.runId.replace(/:\d+$/, "");
    default:
      return ctx.workflow.name;
  }
}

/** The runner: the pool's labels, and a runner of it once the job started. */
export function runnerOf(rng: Random, ctx: RunContext, spec: JobSpec, started: boolean): JobRunner {
  const pool = spec.pool;
  const source = ctx.repo.source;
  if (source === "jenkins" || !pool) return { name: null, group: null, labels: [] };
  if (!started) {
    // Before a runner picks a job up: GitLab says nothing, the others what the job asked for.
    if (source === "gitlab") return { id: null, name: null, group: null, labels: [] };
    if (source === "github") return { name: null, group: null, labels: [...pool.labels] };
    const group = source === "buildkite" ? pool.group : null;
    return { id: null, name: null, group, labels: [...pool.labels] };
  }
  const i = Math.floor(rng.next() * pool.runners.length);
  const name = pool.runners[i] ?? null;
  // GitHub gives no runner id.
  if (source === "github") return { name, group: pool.group, labels: [...pool.labels] };
  return { id: pool.runnerIds?.[i] ?? null, name, group: pool.group, labels: [...pool.labels] };
}

/** The job's page in the vendor's UI (home-grown runners link half the time). */
export function jobUrl(rng: Random, ctx: RunContext, spec: JobSpec, ids: JobIds): string | null {
  const vendorId = ids.id.slice(ids.id.indexOf(":") + 1);
  const repo = ctx.repo.name;
  switch (ctx.repo.source) {
    case "github":
      return `https://github.com/${repo}/actions/runs/${ids.runId}/job/${vendorId}`;
    case "gitlab":
      return `https://gitlab.com/${repo}/-/jobs/${vendorId}`;
    case "buildkite":
      return `https://buildkite.com/${repo.split("/")[0]}/${workflowName(ctx, spec)}/builds/${ctx.number}#${vendorId}`;
    case "jenkins": {
      const path = ids.runId.replace(/:\d+$/, "");
      const folders = path.split("/").map((part) => `job/${part}`);
      return `https://jenkins.example.com/${folders.join("/")}/${ids.runId.split(":").at(-1)}/`;
    }
    case "generic":
      return rng.chance(0.5) ? `https://ci.example.com/runs/${ids.runId}` : null;
  }
}

/** The classified failure of a failed, timed-out or cancelled job, as the source's normaliser gives it. */
export function failureOf(
  rng: Random,
  ctx: RunContext,
  spec: JobSpec,
  status: JobStatus,
  started: boolean,
): JobFailure {
  const step = mainStep(spec);
  const source = ctx.repo.source;
  if (source === "generic") {
    // Home-grown runners send their own cause codes.
    const ran = started ? "run" : null;
    if (status === "timed_out") return { cause: "timeout", step: ran };
    if (status === "cancelled") return { cause: "cancelled", step: null };
    const cause = rng.pick(["test", "test", "test", "build", "lint", "dependency", "infrastructure", "oom"]);
    return { cause, step: ran, reason: rng.chance(0.3) ? `exit code ${rng.int(1, 137)}` : null };
  }
  if (status === "timed_out") {
    if (source === "gitlab") return { cause: "timeout", step: null, reason: "job_execution_timeout" };
    return { cause: "timeout", step: source === "github" ? step : null };
  }
  if (status === "cancelled")
    return { cause: "cancelled", step: source === "github" && started ? step : null };
  const r = rng.next();
  if (source === "github") {
    if (r < 0.06) return { cause: "dependency", step: "Install dependencies" };
    if (r < 0.1) return { cause: "infrastructure", step: null };
    if (r < 0.125) return { cause: "runner_lost", step };
    if (r < 0.14) return { cause: "startup_failure", step: null };
    if (r < 0.16) return { cause: "unknown", step: null };
    return { cause: "step_failed", step };
  }
  if (source === "gitlab") {
    if (r < 0.05) return { cause: "dependency", step: null, reason: "missing_dependency_failure" };
    if (r < 0.1) return { cause: "infrastructure", step: null, reason: "runner_system_failure" };
    if (r < 0.12) return { cause: "startup_failure", step: null, reason: "unmet_prerequisites" };
    if (r < 0.14) return { cause: "unknown", step: null, reason: "unknown_failure" };
    // GitLab jobs have no steps: a script failure is pinned to the stage.
    return { cause: "step_failed", step: KINDS[spec.kind].stage, reason: "script_failure" };
  }
  if (source === "buildkite") {
    if (r < 0.04) return { cause: "runner_lost", step: null, reason: "agent_stop" };
    if (r < 0.07) return { cause: "infrastructure", step: null, reason: "process_run_error" };
    return { cause: "step_failed", step: null };
  }
  // Jenkins: FAILURE says nothing more; UNSTABLE keeps the raw result as the reason.
  return r < 0.3
    ? { cause: "step_failed", step: null, reason: "UNSTABLE" }
    : { cause: "unknown", step: null };
}

interface StepTemplate {
  name: string;
  weight: number;
  post: boolean;
}

function templates(ctx: RunContext, spec: JobSpec): StepTemplate[] {
  if (ctx.repo.source === "generic")
    return [
      { name: "setup", weight: 1, post: false },
      { name: "run", weight: 10, post: false },
    ];
  return [
    { name: "Set up job", weight: 1, post: false },
    { name: "Run actions/checkout@v4", weight: 0.5, post: false },
    ...KINDS[spec.kind].steps.map((s) => ({ name: s.name, weight: s.weight, post: false })),
    { name: "Post Run actions/checkout@v4", weight: 0.2, post: true },
    { name: "Complete job", weight: 0.1, post: true },
  ];
}

/**
 * GitHub's steps (and two for home-grown runners; the other sources report
 * none), splitting [startedAt, endAt] by weight: the failing step fails, the
 * ones after it are skipped but post steps still run; a running job's
 * steps stop at `now`.
 */
export function stepsOf(
  ctx: RunContext,
  spec: JobSpec,
  status: JobStatus,
  failure: JobFailure | null,
  startedAt: number | null,
  endAt: number | null,
  now: number,
): JobStep[] {
  const source = ctx.repo.source;
  if ((source !== "github" && source !== "generic") || startedAt === null || endAt === null) return [];
  const list = templates(ctx, spec);
  const failing = failure?.step ?? null;
  const total = list.reduce((sum, t) => sum + t.weight, 0);
  const span = endAt - startedAt;
  const steps: JobStep[] = [];
  let at = startedAt;
  let broken = false;
  let acc = 0;
  for (const t of list) {
    acc += t.weight;
    const end = Math.min(endAt, startedAt + Math.round((acc / total) * span));
    if (status === "running" && at >= now) {
      steps.push({ name: t.name, status: "queued", startedAt: null, finishedAt: null });
      continue;
    }
    let stepStatus: JobStatus = "success";
    if (broken && !t.post) stepStatus = "skipped";
    else if (status === "running" && end >= now) stepStatus = "running";
    else if (!broken && failing !== null && t.name === failing)
      stepStatus = status === "cancelled" ? "cancelled" : status === "timed_out" ? "timed_out" : "failure";
    steps.push({
      name: t.name,
      status: stepStatus,
      startedAt: iso(stepStatus === "skipped" ? end : at),
      finishedAt: stepStatus === "running" ? null : iso(end),
    });
    if (stepStatus === "failure" || stepStatus === "timed_out" || stepStatus === "cancelled") broken = true;
    at = end;
  }
  return steps;
}
