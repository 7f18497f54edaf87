/**
 * GitLab CI: `Job Hook` deliveries into a `Job`, `Pipeline Hook` deliveries
 * into a `PipelineRun` plus a `Job` per entry of `builds[]`.
 * Contract: docs/webhooks.md and fixtures/README.md §2.
 *
 * Naming: a GitLab job's `workflow` is its stage (`build`, `test`, `deploy`).
 * GitLab has no per-file workflow name, and the pipeline name (`workflow:name`)
 * is usually unset, absent from Job Hooks and often dynamic ("Pipeline for
 * branch: main"); the stage is what GitLab users group jobs by, is stable
 * across pipelines, and both hooks carry it, so every event of a job agrees.
 * A run's `workflow` is its pipeline name, empty when unset.
 */
import { isTerminal, type Job, type JobRunner } from "../../lib/job";
import { httpLink } from "../../lib/links";
import type { PipelineRun } from "../../lib/run";
import { classifyFailure } from "../domain/failure";
import { authorField } from "./author";
import { gitlabFailureHint, gitlabStatus } from "./gitlab-status";
import {
  jobHookSchema,
  pipelineHookSchema,
  projectPathFromUrl,
  type GitlabRunner,
  type GitlabUser,
} from "./gitlab-payload";
import { PayloadError, type Normalised, type Observations, type SourceAdapter } from "./source";
import { sharedToken } from "./verify/shared-token";
import { standardWebhooks } from "./verify/standard-webhooks";
import { MAX_MS, MIN_MS, parsePayload } from "./zod-field";

/** What a Job Hook and an entry of a Pipeline Hook's `builds[]` both say about a job. */
interface JobFacts {
  id: number;
  name: string;
  stage: string | null;
  status: string;
  failureReason: string | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  duration: number | null;
  queuedDuration: number | null;
  runner: GitlabRunner;
  attempt: number;
  pipelineId: number;
  repo: string;
  webUrl: string | null;
  ref: string | null;
  sha: string | null;
  user: GitlabUser;
}

/** `iso` moved by a vendor duration; null when that leaves the years 0000–9999 (an absurd duration). */
const shift = (iso: string, bySeconds: number) => {
  const ms = Date.parse(iso) + Math.round(bySeconds * 1000);
  return ms >= MIN_MS && ms <= MAX_MS ? new Date(ms).toISOString() : null;
};

function runnerOf(runner: JobFacts["runner"]): JobRunner {
  if (runner === null) return { id: null, name: null, group: null, labels: [] };
  const runnerId = String(runner.id);
  // Where a runner has no description, GitLab names it "#<id>".
  return {
    id: runnerId,
    name: runner.description || `#${runnerId}`,
    group: runner.runner_type,
    labels: runner.tags,
  };
}

function toJob(facts: JobFacts): Job {
  const status = gitlabStatus(facts.status, facts.failureReason);
  const terminal = isTerminal(status);
  const finishedAt = terminal ? facts.finishedAt : null;
  // started_at is set when a runner picks the job up; a job cancelled or skipped before that never started.
  const startedAt =
    status === "running" || terminal
      ? (facts.startedAt ??
        (finishedAt !== null && facts.duration !== null ? shift(finishedAt, -facts.duration) : null))
      : null;
  const queuedAt =
    facts.createdAt ??
    (startedAt !== null && facts.queuedDuration !== null ? shift(startedAt, -facts.queuedDuration) : null);
  const failure = classifyFailure({
    status,
    steps: [],
    hint: gitlabFailureHint(facts.failureReason),
    reason: facts.failureReason,
    // GitLab jobs have no steps: a script failure is pinned to the job's stage.
    step: facts.stage,
    name: facts.name,
  });
  return {
    id: `gitlab:${facts.id}`,
    source: "gitlab",
    repo: facts.repo,
    workflow: facts.stage ?? "",
    name: facts.name,
    runId: String(facts.pipelineId),
    attempt: facts.attempt,
    branch: facts.ref,
    sha: facts.sha,
    status,
    queuedAt,
    startedAt,
    finishedAt,
    queueMs: null,
    durationMs: null,
    runner: runnerOf(facts.runner),
    url: facts.webUrl === null ? null : `${facts.webUrl}/-/jobs/${facts.id}`,
    failure,
    steps: [],
    // The username is the handle people filter by; the Job Hook of older GitLab sends only the display name.
    ...authorField(facts.user?.username, facts.user?.name),
  };
}

const webBase = (url: string | null | undefined) => httpLink(url)?.replace(/\/+$/, "") ?? null;

function checkKind(body: Record<string, unknown>, kind: string, event: string): void {
  if (body.object_kind !== kind) {
    throw new PayloadError(`object_kind must be "${kind}" for a ${event}`, "object_kind");
  }
}

/**
 * Normalises a `Job Hook` body (`object_kind: "build"`) into a `Job`.
 * `sha` is the job's `sha`: `commit.id` of a Job Hook is the pipeline id.
 * @throws PayloadError naming the bad field.
 */
export function normaliseJobHook(body: Record<string, unknown>): Job {
  checkKind(body, "build", "Job Hook");
  const hook = parsePayload(jobHookSchema, body);
  const repo =
    hook.project?.path_with_namespace ??
    projectPathFromUrl(hook.repository?.git_ssh_url ?? "") ??
    projectPathFromUrl(hook.repository?.homepage ?? "");
  if (repo === null)
    throw new PayloadError("project.path_with_namespace is required", "project.path_with_namespace");
  return toJob({
    id: hook.build_id,
    name: hook.build_name,
    stage: hook.build_stage,
    status: hook.build_status,
    failureReason: hook.build_failure_reason,
    createdAt: hook.build_created_at,
    startedAt: hook.build_started_at,
    finishedAt: hook.build_finished_at,
    duration: hook.build_duration,
    queuedDuration: hook.build_queued_duration,
    runner: hook.runner,
    // A retry is a new job (new build_id); retries_count says how many came before it.
    attempt: (hook.retries_count ?? 0) + 1,
    pipelineId: hook.pipeline_id,
    repo,
    webUrl: webBase(hook.project?.web_url ?? hook.repository?.homepage),
    ref: hook.ref,
    sha: hook.sha,
    user: hook.user,
  });
}

/**
 * Normalises a `Pipeline Hook` body (`object_kind: "pipeline"`) into its run
 * (`gitlab:<pipeline id>`, number = `iid`, trigger = `source`) and a job per
 * entry of `builds[]` (partial: no retry count, so attempt 1).
 * @throws PayloadError naming the bad field.
 */
export function normalisePipelineHook(body: Record<string, unknown>): Pick<Observations, "jobs" | "runs"> {
  checkKind(body, "pipeline", "Pipeline Hook");
  const {
    object_attributes: pipeline,
    project,
    builds,
    user: pipelineUser,
  } = parsePayload(pipelineHookSchema, body);
  const webUrl = webBase(project.web_url);
  const jobs = builds.map((build) =>
    toJob({
      id: build.id,
      name: build.name,
      stage: build.stage,
      status: build.status,
      failureReason: build.failure_reason,
      createdAt: build.created_at,
      startedAt: build.started_at,
      finishedAt: build.finished_at,
      duration: build.duration,
      queuedDuration: build.queued_duration,
      runner: build.runner,
      attempt: 1,
      pipelineId: pipeline.id,
      repo: project.path_with_namespace,
      webUrl,
      ref: pipeline.ref,
      sha: pipeline.sha,
      user: build.user ?? pipelineUser,
    }),
  );
  const status = gitlabStatus(pipeline.status);
  const terminal = isTerminal(status);
  // The hook has no started_at: a pipeline starts when its first job does (ISO strings sort as times).
  const firstStart = jobs.flatMap((job) => (job.startedAt === null ? [] : [job.startedAt])).sort()[0] ?? null;
  const run: PipelineRun = {
    id: `gitlab:${pipeline.id}`,
    source: "gitlab",
    repo: project.path_with_namespace,
    workflow: pipeline.name ?? "",
    runId: String(pipeline.id),
    number: pipeline.iid ?? null,
    // GitLab retries jobs, not pipelines.
    attempt: 1,
    trigger: pipeline.source,
    branch: pipeline.ref,
    sha: pipeline.sha,
    status,
    queuedAt: pipeline.created_at,
    startedAt: status === "running" || terminal ? firstStart : null,
    finishedAt: terminal ? pipeline.finished_at : null,
    durationMs: null,
    url: httpLink(pipeline.url) ?? (webUrl === null ? null : `${webUrl}/-/pipelines/${pipeline.id}`),
    reported: true,
  };
  return { jobs, runs: [run] };
}

const TOKEN = "RUNWATCH_GITLAB_TOKEN";
const SIGNING_TOKEN = "RUNWATCH_GITLAB_SIGNING_TOKEN";

/**
 * The GitLab webhook endpoint: token or signature (see `verification`),
 * dedupe on `Idempotency-Key` or `webhook-id` (stable across retries and
 * "Resend request"; `X-Gitlab-Webhook-UUID` changes per send and is not used);
 * `Job Hook` and `Pipeline Hook` are read, every other event stored and ignored.
 */
export const gitlabSource: SourceAdapter = {
  source: "gitlab",
  secretVariables: [TOKEN, SIGNING_TOKEN],
  /*
   * GitLab authenticates with a secret token (`X-Gitlab-Token`, plain text), a
   * signing token (Standard Webhooks `webhook-signature`), or both at once.
   * With both configured, either valid one is enough: GitLab then sends both
   * headers, and a webhook keeps working while one of the two is being rotated.
   * (A valid signature adds no protection when the plain token alone is also
   * accepted; unset RUNWATCH_GITLAB_TOKEN to require signatures.)
   */
  verification: {
    accept: "any",
    // The signature is tried first, so its refusal comes first when both fail.
    schemes: [
      {
        variable: SIGNING_TOKEN,
        scheme: standardWebhooks,
        hint: `give the GitLab webhook the signing token in ${SIGNING_TOKEN}`,
      },
      {
        variable: TOKEN,
        scheme: sharedToken({ header: "X-Gitlab-Token", mismatch: `X-Gitlab-Token does not match ${TOKEN}` }),
        hint: `set the GitLab webhook's secret token to the value of ${TOKEN}`,
      },
    ],
    missing: "missing X-Gitlab-Token or webhook-signature header",
  },
  identify({ headers }) {
    const event = headers["x-gitlab-event"];
    if (!event) throw new PayloadError("the X-Gitlab-Event header is required", "X-Gitlab-Event");
    return { event, deliveryId: headers["idempotency-key"] || headers["webhook-id"] || null };
  },
  normalise(event, body): Normalised {
    if (event === "Job Hook")
      return { kind: "data", observations: { jobs: [normaliseJobHook(body)], runs: [], agents: [] } };
    if (event === "Pipeline Hook")
      return { kind: "data", observations: { ...normalisePipelineHook(body), agents: [] } };
    return { kind: "ignored" };
  },
};
