/**
 * Builds Buildkite pipeline-webhook bodies: `job.*` `{event, job, build,
 * pipeline, sender}`, `build.*` `{event, build, pipeline, sender}` and
 * `agent.*` `{event, agent, sender}`. Buildkite publishes only skeletons of
 * these (fixtures README §3): per its docs the webhook `job` is the REST Job
 * object, `build` the REST Build without `jobs`, `pipeline` the REST Pipeline
 * and `agent` the REST Agent, so the objects below follow the REST API
 * examples (buildkite/docs `apis/rest_api/builds.md`, `agents.md`) field for
 * field, plus the agent's `connected_at`/`disconnected_at` from the
 * EventBridge examples. Deliveries are signed in Buildkite's signature mode.
 */
import { createHmac } from "node:crypto";
import { commitMessage, KINDS, type RepoSpec, type SimSender } from "./catalog";
import { BUILDKITE_CATALOG } from "./catalogs/buildkite";
import { isoTime, stableUuid } from "./ids";
import type { AgentSnapshot, JobAction, JobSnapshot, RunAction, RunSnapshot } from "./model";
import type { Target } from "./sender";

type Json = Record<string, unknown>;

const ORG = BUILDKITE_CATALOG.org.login;
const API = `https://api.buildkite.com/v2/organizations/${ORG}`;
const WEB = `https://buildkite.com/${ORG}`;

/**
 * `X-Buildkite-Signature` for a body sent at `timestampSeconds`:
 * `timestamp=<t>,signature=<hex HMAC-SHA256 of "<t>.<body>" under the token>`.
 */
export function buildkiteSignature(token: string, timestampSeconds: number, body: string | Buffer): string {
  const signature = createHmac("sha256", token).update(`${timestampSeconds}.`).update(body).digest("hex");
  return `timestamp=${timestampSeconds},signature=${signature}`;
}

/** Buildkite's signed-mode headers for the endpoint at `baseUrl`; signed when sent, as Buildkite does. */
export function buildkiteTarget(baseUrl: string, token: string): Target {
  return {
    url: `${baseUrl}/api/v1/webhooks/buildkite`,
    headers: (delivery, nowMs) => ({
      "Content-Type": "application/json",
      "User-Agent": "Buildkite-Request",
      "X-Buildkite-Event": delivery.event,
      "X-Buildkite-Signature": buildkiteSignature(
        token,
        Math.floor(nowMs / 1000),
        Buffer.from(delivery.body, "utf8"),
      ),
    }),
  };
}

/** `Monorepo CI` → `monorepo-ci`. */
export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const graphqlId = (type: string, uuid: string) => Buffer.from(`${type}---${uuid}`).toString("base64");
const at = (epochMs: number, offset: number | null) => (offset === null ? null : isoTime(epochMs + offset));

function sender(who: SimSender): Json {
  return { id: stableUuid("user", who.login), name: who.name };
}

function pipeline(repo: RepoSpec, workflow: string): Json {
  const slug = slugOf(workflow);
  const id = stableUuid("pipeline", slug);
  return {
    id,
    graphql_id: graphqlId("Pipeline", id),
    url: `${API}/pipelines/${slug}`,
    web_url: `${WEB}/${slug}`,
    name: workflow,
    description: repo.description,
    slug,
    repository: `git@github.com:${ORG}/${repo.name}.git`,
    branch_configuration: null,
    default_branch: "main",
    provider: { id: "github", webhook_url: "" },
    skip_queued_branch_builds: false,
    skip_queued_branch_builds_filter: null,
    cancel_running_branch_builds: true,
    cancel_running_branch_builds_filter: null,
    builds_url: `${API}/pipelines/${slug}/builds`,
    badge_url: `https://badge.buildkite.com/${stableUuid("badge", slug).replace(/-/g, "")}.svg`,
    created_at: "2023-04-11T08:15:32.118Z",
    scheduled_builds_count: 0,
    running_builds_count: 0,
    scheduled_jobs_count: 0,
    running_jobs_count: 0,
    waiting_jobs_count: 0,
  };
}

/** A build's state at `action`. */
export function buildkiteBuildState(run: RunSnapshot, action: RunAction): string {
  if (action === "requested") return "scheduled";
  if (action === "in_progress") return "running";
  if (run.conclusion === "success") return "passed";
  return run.conclusion === "cancelled" ? "canceled" : "failed";
}

interface BuildFacts {
  id: number;
  number: number;
  repo: RepoSpec;
  workflow: string;
  branch: string;
  sha: string;
  trigger: string;
  sender: SimSender;
  state: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** The REST Build object without `jobs`. */
function build(facts: BuildFacts, epochMs: number): Json {
  const slug = slugOf(facts.workflow);
  const id = stableUuid("build", facts.id);
  return {
    id,
    graphql_id: graphqlId("Build", id),
    url: `${API}/pipelines/${slug}/builds/${facts.number}`,
    web_url: `${WEB}/${slug}/builds/${facts.number}`,
    number: facts.number,
    state: facts.state,
    cancel_reason: facts.state === "canceled" ? "superseded by a newer build" : null,
    blocked: false,
    message: commitMessage(facts.branch, facts.sha),
    commit: facts.sha,
    branch: facts.branch,
    env: {},
    source: facts.trigger === "schedule" ? "schedule" : "webhook",
    creator: { ...sender(facts.sender), email: `${facts.sender.login}@acme.example`, avatar_url: null },
    created_at: at(epochMs, facts.createdAt),
    scheduled_at: at(epochMs, facts.createdAt),
    started_at: at(epochMs, facts.startedAt),
    failing_at: null,
    finished_at: at(epochMs, facts.finishedAt),
    meta_data: {},
    pull_request: null,
    rebuilt_from: null,
  };
}

/** The REST Agent object of an agent at one moment. */
export function agentObject(agent: AgentSnapshot, epochMs: number): Json {
  const id = stableUuid("agent", agent.id);
  return {
    id,
    graphql_id: graphqlId("Agent", id),
    url: `${API}/agents/${id}`,
    web_url: `${WEB.replace(`/${ORG}`, `/organizations/${ORG}`)}/agents/${id}`,
    name: agent.name,
    connection_state: agent.state,
    hostname: agent.name.replace(/-\d+$/, ""),
    ip_address: `10.20.${Math.floor(agent.id / 1000)}.${agent.id % 1000}`,
    user_agent: "buildkite-agent/3.98.1.10779 (linux; amd64)",
    version: "3.98.1",
    creator: null,
    created_at: at(epochMs, agent.connectedAt),
    job: null,
    last_job_finished_at: null,
    priority: 0,
    meta_data: [...agent.labels],
    connected_at: at(epochMs, agent.connectedAt),
    disconnected_at: at(epochMs, agent.disconnectedAt),
  };
}

/** A job's `state` at `action` (REST names). */
export function buildkiteJobState(job: JobSnapshot, action: JobAction): string {
  if (action === "queued") return "scheduled";
  if (action === "waiting") return "waiting";
  if (action === "in_progress") return "running";
  const states: Record<string, string> = {
    success: "passed",
    failure: "failed",
    timed_out: "timed_out",
    cancelled: "canceled",
    skipped: "broken",
  };
  return states[job.conclusion ?? "failure"] ?? "failed";
}

/** Exit status, signal and signal reason of a finished job. */
function exit(job: JobSnapshot): Json {
  const ran = job.startedAt !== null;
  if (job.conclusion === "success") return { exit_status: 0, signal: null, signal_reason: null };
  if (!ran) return { exit_status: null, signal: null, signal_reason: null };
  if (job.conclusion === "cancelled") return { exit_status: -1, signal: "SIGTERM", signal_reason: "cancel" };
  if (job.conclusion === "timed_out") return { exit_status: -1, signal: "SIGTERM", signal_reason: null };
  if (job.cause === "infra") return { exit_status: -1, signal: "SIGKILL", signal_reason: "agent_stop" };
  return { exit_status: 1, signal: null, signal_reason: null };
}

/** The REST Job object of `job` at `action`. */
export function jobObject(job: JobSnapshot, action: JobAction, epochMs: number): Json {
  const id = stableUuid("job", job.id);
  const slug = slugOf(job.workflow);
  const buildPath = `${slug}/builds/${job.runNumber}`;
  const done = action === "completed";
  const agent = job.runner;
  const agentId = agent ? stableUuid("agent", agent.id) : null;
  const step = KINDS[job.kind].steps.find((s) => s.fails)?.name ?? "Run make";
  const command = step.replace(/^Run /, "").replace(" -- --shard=$SHARD", "");
  return {
    id,
    graphql_id: graphqlId("Job", id),
    type: "script",
    name: job.name,
    step_key: job.key,
    priority: { number: 0 },
    agent_query_rules: job.labels.filter((l) => l.startsWith("queue=")),
    state: buildkiteJobState(job, action),
    build_url: `${API}/pipelines/${buildPath}`,
    web_url: `${WEB}/${buildPath}#${id}`,
    log_url: `${API}/pipelines/${buildPath}/jobs/${id}/log`,
    raw_log_url: `${API}/pipelines/${buildPath}/jobs/${id}/log.txt`,
    command,
    soft_failed: false,
    ...(done ? exit(job) : { exit_status: null, signal: null, signal_reason: null }),
    artifact_paths: "",
    agent:
      agent && agentId
        ? {
            id: agentId,
            url: `${API}/agents/${agentId}`,
            name: agent.name,
            meta_data: [...job.labels],
          }
        : null,
    created_at: at(epochMs, job.createdAt),
    scheduled_at: at(epochMs, job.createdAt),
    runnable_at: at(epochMs, job.createdAt),
    started_at: at(epochMs, job.startedAt),
    finished_at: done ? at(epochMs, job.completedAt) : null,
    retried: false,
    retried_in_job_id: null,
    retries_count: job.attempt > 1 ? job.attempt - 1 : null,
    retry_type: job.attempt > 1 ? "manual" : null,
    parallel_group_index: job.key.startsWith("test-") ? Number(job.key.slice(5)) - 1 : null,
    parallel_group_total: null,
    matrix: null,
    cluster_id: null,
    cluster_url: null,
    cluster_queue_id: null,
    cluster_queue_url: null,
  };
}

/** The `job.*` event name for a job transition, or null when Buildkite sends none. */
export function buildkiteJobEvent(action: JobAction): string | null {
  if (action === "queued") return "job.scheduled";
  if (action === "in_progress") return "job.started";
  if (action === "completed") return "job.finished";
  return null;
}

/** A `job.*` body for `job` at `action`. */
export function buildJobEvent(job: JobSnapshot, action: JobAction, epochMs: number): Json {
  return {
    event: buildkiteJobEvent(action) ?? "job.scheduled",
    job: jobObject(job, action, epochMs),
    build: build(
      {
        id: job.runId,
        number: job.runNumber,
        repo: job.repo,
        workflow: job.workflow,
        branch: job.branch,
        sha: job.sha,
        trigger: "push",
        sender: job.sender,
        state: action === "queued" ? "scheduled" : "running",
        createdAt: job.createdAt,
        startedAt: job.startedAt,
        finishedAt: null,
      },
      epochMs,
    ),
    pipeline: pipeline(job.repo, job.workflow),
    sender: sender(job.sender),
  };
}

/** The `build.*` event name for a run transition. */
export const buildkiteBuildEvent = (action: RunAction) =>
  action === "requested" ? "build.scheduled" : action === "in_progress" ? "build.running" : "build.finished";

/** A `build.*` body for `run` at `action`. */
export function buildBuildEvent(run: RunSnapshot, action: RunAction, epochMs: number): Json {
  return {
    event: buildkiteBuildEvent(action),
    build: build(
      {
        ...run,
        state: buildkiteBuildState(run, action),
        createdAt: run.createdAt,
        startedAt: action === "requested" ? null : run.startedAt,
        finishedAt: action === "completed" ? run.completedAt : null,
      },
      epochMs,
    ),
    pipeline: pipeline(run.repo, run.workflow),
    sender: sender(run.sender),
  };
}

/** An `agent.connected` / `agent.disconnected` body. */
export function buildAgentEvent(agent: AgentSnapshot, epochMs: number): Json {
  return {
    event: agent.state === "connected" ? "agent.connected" : "agent.disconnected",
    agent: agentObject(agent, epochMs),
    sender: { id: stableUuid("user", "buildkite-agent"), name: "Buildkite Agent" },
  };
}
