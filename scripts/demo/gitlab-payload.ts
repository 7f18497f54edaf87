/**
 * Builds GitLab `Job Hook` and `Pipeline Hook` bodies from real payloads.
 *
 * `gitlab-job.template.json` and `gitlab-pipeline.template.json` are copies of
 * `test/fixtures/gitlab/job.created.json` and `pipeline.success.json`
 * (GitLab's own docs examples). Every delivery is a deep clone with the values
 * replaced; `source_pipeline` (multi-project pipelines) and `merge_request`
 * (merge request pipelines) are dropped, as GitLab omits them for a push.
 */
import { readFileSync } from "node:fs";
import { commitMessage, type RepoSpec, type SimSender } from "./catalog";
import { GITLAB_CATALOG } from "./catalogs/gitlab";
import { isoTime, rubyTime } from "./ids";
import type { JobAction, JobSnapshot, RunAction, RunSnapshot } from "./model";
import type { Target } from "./sender";

/** The GitLab instance the simulated group lives on. */
export const GITLAB_HOST = "https://gitlab.com";
const GROUP = GITLAB_CATALOG.org;

type Json = Record<string, unknown>;

function loadJson(name: string, kind: string): Json {
  const url = new URL(`./${name}`, import.meta.url);
  const parsed = JSON.parse(readFileSync(url, "utf8")) as Json;
  if (parsed.object_kind !== kind) throw new Error(`${url.pathname} is not a GitLab "${kind}" hook body`);
  return parsed;
}

let jobTemplate: Json | undefined;
let pipelineTemplate: Json | undefined;

/** The Job Hook template (object_kind `build`), read once. */
export const loadJobTemplate = (): Json => (jobTemplate ??= loadJson("gitlab-job.template.json", "build"));
/** The Pipeline Hook template (object_kind `pipeline`), read once. */
export const loadPipelineTemplate = (): Json =>
  (pipelineTemplate ??= loadJson("gitlab-pipeline.template.json", "pipeline"));

/**
 * GitLab's secret-token headers for the endpoint at `baseUrl`: the token in
 * plain text, the event, and `Idempotency-Key` (stable across redeliveries).
 */
export function gitlabTarget(baseUrl: string, token: string): Target {
  return {
    url: `${baseUrl}/api/v1/webhooks/gitlab`,
    headers: (delivery) => ({
      "Content-Type": "application/json",
      "User-Agent": "GitLab/18.6.0-ee",
      "X-Gitlab-Event": delivery.event,
      "X-Gitlab-Token": token,
      "X-Gitlab-Instance": GITLAB_HOST,
      "Idempotency-Key": delivery.id,
      "X-Gitlab-Event-UUID": delivery.id,
    }),
  };
}

const path = (repo: RepoSpec) => `${GROUP.login}/${repo.name}`;
const isoSeconds = (ms: number) => isoTime(Math.floor(ms / 1000) * 1000).replace(".000Z", "Z");

function project(repo: RepoSpec): Json {
  const web = `${GITLAB_HOST}/${path(repo)}`;
  return {
    id: repo.id,
    name: repo.name,
    description: repo.description,
    web_url: web,
    avatar_url: null,
    git_ssh_url: `git@gitlab.com:${path(repo)}.git`,
    git_http_url: `${web}.git`,
    namespace: "Platform",
    visibility_level: 0,
    path_with_namespace: path(repo),
    default_branch: "main",
  };
}

function user(who: SimSender): Json {
  const hash = (who.id * 2654435761) % 2 ** 32;
  return {
    id: who.id,
    name: who.name,
    username: who.login,
    avatar_url: `https://secure.gravatar.com/avatar/${hash.toString(16).padStart(8, "0")}?s=80&d=identicon`,
    email: "[REDACTED]",
  };
}

function runner(job: JobSnapshot): Json | null {
  if (!job.runner) return null;
  return {
    active: true,
    runner_type: job.runner.groupName,
    is_shared: job.runner.groupName === "instance_type",
    id:
      job.runner.groupName === "instance_type"
        ? 12_270_000 + (job.runner.id % 6)
        : 31_880_000 + job.runner.id,
    description: job.runner.name,
    tags: [...job.labels],
  };
}

/** `build_status` of a job at `action` (GitLab's names). */
export function gitlabJobStatus(job: JobSnapshot, action: JobAction): string {
  if (action === "queued") return job.gated ? "created" : "pending";
  if (action === "waiting") return "manual";
  if (action === "in_progress") return "running";
  const done: Record<string, string> = {
    success: "success",
    failure: "failed",
    timed_out: "failed",
    cancelled: "canceled",
    skipped: "skipped",
  };
  return done[job.conclusion ?? "failure"] ?? "failed";
}

/** `build_failure_reason` of a failed job: why it failed, in GitLab's words; null otherwise. */
export function gitlabFailureReason(job: JobSnapshot): string | null {
  if (job.conclusion === "timed_out") return "job_execution_timeout";
  if (job.conclusion !== "failure") return null;
  return job.cause === "infra" ? "runner_system_failure" : "script_failure";
}

const seconds = (from: number | null, to: number | null) =>
  from === null || to === null ? null : Math.round(to - from) / 1000;

/** The `Job Hook` body GitLab would deliver for `job` at `action`. */
export function buildJobHook(
  job: JobSnapshot,
  action: JobAction,
  epochMs: number,
  template = loadJobTemplate(),
): Json {
  const body = structuredClone(template);
  const at = (offset: number | null) => (offset === null ? null : isoTime(epochMs + offset));
  const atIso = (offset: number | null) => (offset === null ? null : isoSeconds(epochMs + offset));
  const status = gitlabJobStatus(job, action);
  const started = job.startedAt;
  const finished = action === "completed" ? job.completedAt : null;
  const proj = project(job.repo);
  const who = user(job.sender);
  delete body.source_pipeline;
  return Object.assign(body, {
    object_kind: "build",
    ref: job.branch,
    tag: false,
    before_sha: job.sha.split("").reverse().join(""),
    sha: job.sha,
    build_id: job.id,
    build_name: job.name,
    build_stage: job.stage,
    build_status: status,
    build_created_at: at(job.createdAt),
    build_created_at_iso: atIso(job.createdAt),
    build_started_at: at(started),
    build_started_at_iso: atIso(started),
    build_finished_at: at(finished),
    build_finished_at_iso: atIso(finished),
    build_duration: seconds(started, finished),
    build_queued_duration: seconds(job.createdAt, started),
    build_allow_failure: false,
    build_failure_reason: action === "completed" ? gitlabFailureReason(job) : null,
    retries_count: job.attempt - 1,
    pipeline_id: job.runId,
    project_id: job.repo.id,
    project_name: `Platform / ${job.repo.name}`,
    user: { id: who.id, name: who.name, email: who.email, avatar_url: who.avatar_url },
    commit: {
      // In a Job Hook `commit.id` is the pipeline id, not a SHA.
      id: job.runId,
      name: null,
      sha: job.sha,
      message: `${commitMessage(job.branch, job.sha)}\n`,
      author_name: job.sender.name,
      author_email: `${job.sender.login}@acme.example`,
      status: job.status === "queued" ? "pending" : "running",
      duration: null,
      started_at: null,
      started_at_iso: null,
      finished_at: null,
      finished_at_iso: null,
    },
    repository: {
      name: job.repo.name,
      description: job.repo.description,
      homepage: proj.web_url,
      git_ssh_url: proj.git_ssh_url,
      git_http_url: proj.git_http_url,
      visibility_level: 0,
    },
    project: proj,
    runner: runner(job),
    environment: job.gated || job.stage === "deploy" ? environment(job) : null,
  });
}

function environment(job: JobSnapshot): Json {
  const name = job.name.replace(/^deploy-/, "");
  return { name, action: "start", deployment_tier: name === "production" ? "production" : "staging" };
}

const PIPELINE_STATUS: Record<string, string> = {
  success: "success",
  failure: "failed",
  cancelled: "canceled",
  skipped: "skipped",
  timed_out: "failed",
};

/** The pipeline `status` at `action`. */
export function gitlabPipelineStatus(run: RunSnapshot, action: RunAction): string {
  if (action === "requested") return "pending";
  if (action === "in_progress") return "running";
  return PIPELINE_STATUS[run.conclusion ?? "failure"] ?? "failed";
}

/** The `Pipeline Hook` body GitLab would deliver for `run` at `action`, its jobs in `builds`. */
export function buildPipelineHook(
  run: RunSnapshot,
  action: RunAction,
  epochMs: number,
  template = loadPipelineTemplate(),
): Json {
  const body = structuredClone(template);
  const at = (offset: number | null) => (offset === null ? null : rubyTime(epochMs + offset));
  const status = gitlabPipelineStatus(run, action);
  const finished = action === "completed" ? run.completedAt : null;
  const proj = project(run.repo);
  const who = user(run.sender);
  const message = commitMessage(run.branch, run.sha);
  const stages = [...new Set(run.jobs.map((j) => j.stage))];
  delete body.merge_request;
  delete body.source_pipeline;
  return Object.assign(body, {
    object_kind: "pipeline",
    object_attributes: {
      ...(body.object_attributes as Json),
      id: run.id,
      iid: run.number,
      name: run.workflow,
      ref: run.branch,
      tag: false,
      sha: run.sha,
      before_sha: run.sha.split("").reverse().join(""),
      source: run.trigger,
      status,
      detailed_status: status === "success" ? "passed" : status,
      stages,
      created_at: at(run.createdAt),
      finished_at: at(finished),
      duration:
        finished === null || run.startedAt === null ? null : Math.round((finished - run.startedAt) / 1000),
      queued_duration: run.startedAt === null ? null : Math.round((run.startedAt - run.createdAt) / 1000),
      variables: [],
      url: `${proj.web_url}/-/pipelines/${run.id}`,
    },
    user: who,
    project: proj,
    commit: {
      id: run.sha,
      message: `${message}\n`,
      title: message,
      timestamp: isoSeconds(epochMs + run.createdAt - 45_000).replace("Z", "+00:00"),
      url: `${proj.web_url}/-/commit/${run.sha}`,
      author: { name: run.sender.name, email: `${run.sender.login}@acme.example` },
    },
    builds: run.jobs.map((job) => pipelineBuild(job, epochMs, who)),
  });
}

function pipelineBuild(job: JobSnapshot, epochMs: number, who: Json): Json {
  const at = (offset: number | null) => (offset === null ? null : rubyTime(epochMs + offset));
  const action: JobAction =
    job.status === "completed" ? "completed" : job.status === "in_progress" ? "in_progress" : job.status;
  const finished = job.status === "completed" ? job.completedAt : null;
  return {
    id: job.id,
    stage: job.stage,
    name: job.name,
    status: gitlabJobStatus(job, action),
    created_at: at(job.createdAt),
    started_at: at(job.startedAt),
    finished_at: at(finished),
    duration: seconds(job.startedAt, finished),
    queued_duration: seconds(job.createdAt, job.startedAt),
    failure_reason: job.status === "completed" ? gitlabFailureReason(job) : null,
    when: job.gated ? "manual" : "on_success",
    manual: job.gated,
    allow_failure: false,
    user: who,
    runner: runner(job),
    artifacts_file: { filename: null, size: null },
    environment: job.gated || job.stage === "deploy" ? environment(job) : null,
  };
}
