/**
 * Builds GitHub `workflow_job` webhook bodies from a real payload.
 *
 * `workflow-job.template.json` is GitHub's own example, copied unchanged from
 * `@octokit/webhooks-examples@7.6.1` (`api.github.com/workflow_job/
 * completed.success.with-organization.payload.json`). Every delivery is a deep
 * clone of it with the values replaced, so the demo sends exactly the shape
 * GitHub sends (same keys, same order) and never a format of our own.
 */
import { readFileSync } from "node:fs";
import type { RepoSpec, SimSender } from "./catalog";
import { GITHUB_CATALOG } from "./catalogs/github";
import type { JobSnapshot } from "./model";
import { signBody, type Target } from "./sender";

/** The simulated GitHub organisation. */
export const ORG = GITHUB_CATALOG.org;

/** The parts of a `workflow_job` body the demo rewrites; everything else is kept from the template. */
export interface WorkflowJobPayload {
  action: string;
  workflow_job: {
    id: number;
    run_id: number;
    run_url: string;
    run_attempt: number;
    node_id: string;
    head_sha: string;
    head_branch: string | null;
    url: string;
    html_url: string;
    status: string;
    conclusion: string | null;
    started_at: string;
    created_at: string;
    completed_at: string | null;
    name: string;
    steps: GitHubStep[];
    check_run_url: string;
    labels: string[];
    runner_id: number | null;
    runner_name: string | null;
    runner_group_id: number | null;
    runner_group_name: string | null;
    workflow_name: string | null;
  };
  repository: GitHubRepository;
  organization?: Record<string, unknown>;
  sender: Record<string, unknown>;
  [key: string]: unknown;
}

/** The parts of a full `repository` object the demo reads. */
export type GitHubRepository = Record<string, unknown> & {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string };
};

/** One entry of `workflow_job.steps`. */
export interface GitHubStep {
  name: string;
  status: string;
  conclusion: string | null;
  number: number;
  started_at: string | null;
  completed_at: string | null;
}

const TEMPLATE_URL = new URL("./workflow-job.template.json", import.meta.url);
let cached: WorkflowJobPayload | undefined;

/**
 * The template payload, read once from `scripts/demo/workflow-job.template.json`.
 * @throws Error if the file is missing or is not a `workflow_job` body.
 */
export function loadTemplate(): WorkflowJobPayload {
  if (!cached) {
    const parsed = JSON.parse(readFileSync(TEMPLATE_URL, "utf8")) as Partial<WorkflowJobPayload>;
    if (!parsed.workflow_job || !parsed.repository || !parsed.sender) {
      throw new Error(`${TEMPLATE_URL.pathname} is not a workflow_job webhook body`);
    }
    cached = parsed as WorkflowJobPayload;
  }
  return cached;
}

/**
 * GitHub's delivery headers for the endpoint at `baseUrl`: event, delivery id
 * and `X-Hub-Signature-256` over the exact body.
 */
export function githubTarget(baseUrl: string, secret: string): Target {
  return {
    url: `${baseUrl}/api/v1/webhooks/github`,
    headers: (delivery) => ({
      "Content-Type": "application/json",
      "User-Agent": "GitHub-Hookshot/demo",
      "X-GitHub-Event": delivery.event,
      "X-GitHub-Delivery": delivery.id,
      "X-GitHub-Hook-ID": "471902335",
      "X-Hub-Signature-256": signBody(secret, Buffer.from(delivery.body, "utf8")),
    }),
  };
}

/** GitHub's job-level timestamp format: whole seconds, `Z` (e.g. `2021-08-05T10:34:58Z`). */
export function githubTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** GitHub's step timestamp format: whole seconds with `.000Z`. */
export function githubStepTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString();
}

/** Replaces every occurrence of each `from` with its `to` in every string of a JSON value. */
export function replaceStrings<T>(value: T, pairs: [string, string][]): T {
  let text = JSON.stringify(value);
  for (const [from, to] of pairs) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}

/** GitHub's legacy global node id: base64 of `<len>:<Type><id>`. */
export const legacyNodeId = (prefix: string, id: number) => Buffer.from(`${prefix}${id}`).toString("base64");

/** A template's full `repository` object rewritten for `repo` of the simulated organisation. */
export function githubRepository<T extends GitHubRepository>(t: T, repo: RepoSpec, atMs: number): T {
  const fullName = `${ORG.login}/${repo.name}`;
  const ownerLogin = t.owner.login;
  const out = replaceStrings(t, [
    [t.full_name, fullName],
    [ownerLogin, ORG.login],
    [String((t.owner as { id?: number }).id ?? ""), String(ORG.id)],
  ]);
  Object.assign(out, {
    id: repo.id,
    node_id: legacyNodeId("010:Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    private: true,
    description: repo.description,
    language: repo.language,
    default_branch: "main",
    visibility: "private",
    created_at: "2021-03-08T09:12:44Z",
    updated_at: githubTime(atMs - 3_600_000),
    pushed_at: githubTime(atMs),
  });
  Object.assign(out.owner, { node_id: legacyNodeId("012:Organization", ORG.id) });
  return out;
}

/** A template's `organization` object rewritten for the simulated organisation. */
export function githubOrganization(
  t: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!t) return undefined;
  const login = String(t.login);
  const out = replaceStrings(t, [
    [login, ORG.login],
    [String(t.id), String(ORG.id)],
  ]);
  return Object.assign(out, {
    node_id: legacyNodeId("012:Organization", ORG.id),
    description: ORG.description,
  });
}

/** A template's user object (`sender`, `actor`) rewritten for `who`. */
export function githubUser(t: Record<string, unknown>, who: SimSender): Record<string, unknown> {
  const login = String(t.login);
  const out = replaceStrings(t, [
    [`/users/${login}`, `/users/${encodeURIComponent(who.login)}`],
    [
      `github.com/${login}`,
      who.type === "Bot" ? `github.com/apps/${who.login.replace("[bot]", "")}` : `github.com/${who.login}`,
    ],
    [String(t.id), String(who.id)],
  ]);
  const prefix = who.type === "Bot" ? "03:Bot" : "04:User";
  return Object.assign(out, {
    login: who.login,
    id: who.id,
    node_id: legacyNodeId(prefix, who.id),
    type: who.type,
  });
}

/** GitHub's new-style node id for a check run (opaque to consumers; stable per job). */
function checkRunNodeId(repoId: number, jobId: number): string {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(repoId >>> 0, 0);
  bytes.writeBigUInt64BE(BigInt(jobId), 4);
  return `CR_kwDO${bytes.toString("base64url")}`;
}

/**
 * The `workflow_job` body GitHub would deliver for `job` at its current stage.
 * `epochMs` is the wall-clock time of the simulation's start: snapshot offsets
 * are added to it. `action` equals the job's status, as on GitHub. While a job
 * is queued GitHub sets `started_at` to `created_at`; the runner fields stay
 * null until a runner picks it up.
 */
export function buildWorkflowJobPayload(
  job: JobSnapshot,
  epochMs: number,
  template: WorkflowJobPayload = loadTemplate(),
): WorkflowJobPayload {
  const payload = structuredClone(template);
  const fullName = `${ORG.login}/${job.repo.name}`;
  const api = `https://api.github.com/repos/${fullName}`;
  const at = (offset: number) => githubTime(epochMs + offset);
  const last = job.completedAt ?? job.startedAt ?? job.createdAt;

  payload.action = job.status;
  Object.assign(payload.workflow_job, {
    id: job.id,
    run_id: job.runId,
    run_url: `${api}/actions/runs/${job.runId}`,
    run_attempt: job.attempt,
    node_id: checkRunNodeId(job.repo.id, job.id),
    head_sha: job.sha,
    head_branch: job.branch,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `https://github.com/${fullName}/actions/runs/${job.runId}/job/${job.id}`,
    status: job.status,
    conclusion: job.status === "completed" ? job.conclusion : null,
    started_at: at(job.startedAt ?? job.createdAt),
    created_at: at(job.createdAt),
    completed_at: job.completedAt === null ? null : at(job.completedAt),
    name: job.name,
    steps: job.steps.map((s): GitHubStep => ({
      name: s.name,
      status: s.status,
      conclusion: s.conclusion,
      number: s.number,
      started_at: s.startedAt === null ? null : githubStepTime(epochMs + s.startedAt),
      completed_at: s.completedAt === null ? null : githubStepTime(epochMs + s.completedAt),
    })),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: [...job.labels],
    runner_id: job.runner?.id ?? null,
    runner_name: job.runner?.name ?? null,
    runner_group_id: job.runner?.groupId ?? null,
    runner_group_name: job.runner?.groupName ?? null,
    workflow_name: job.workflow,
  } satisfies WorkflowJobPayload["workflow_job"]);
  payload.repository = githubRepository(template.repository, job.repo, epochMs + last);
  const org = githubOrganization(template.organization);
  if (org) payload.organization = org;
  payload.sender = githubUser(template.sender, job.sender);
  return payload;
}
