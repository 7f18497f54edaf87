/**
 * Builds GitHub `workflow_run` webhook bodies from a real payload.
 *
 * `workflow-run.template.json` is a copy of
 * `test/fixtures/github/workflow_run.completed.2.json`, itself
 * `@octokit/webhooks-examples@7.6.1` `workflow_run/completed.payload.json`.
 * Every delivery is a deep clone of it with the values replaced, so the demo
 * sends the shape GitHub sends (same keys, same order).
 */
import { readFileSync } from "node:fs";
import { commitMessage } from "./catalog";
import {
  githubOrganization,
  githubRepository,
  githubTime,
  githubUser,
  legacyNodeId,
  ORG,
  replaceStrings,
  type GitHubRepository,
} from "./github-payload";
import type { RunAction, RunSnapshot } from "./model";

/** The parts of a `workflow_run` body the demo rewrites; everything else is kept from the template. */
export interface WorkflowRunPayload {
  action: string;
  workflow_run: Record<string, unknown> & {
    id: number;
    name: string | null;
    head_branch: string | null;
    head_sha: string;
    path: string;
    run_number: number;
    run_attempt: number;
    event: string;
    status: string;
    conclusion: string | null;
    created_at: string;
    updated_at: string;
    run_started_at: string;
    html_url: string;
    workflow_id: number;
    previous_attempt_url: string | null;
    repository: Record<string, unknown>;
    head_repository: Record<string, unknown>;
  };
  workflow: Record<string, unknown> & { id: number; name: string; path: string };
  repository: GitHubRepository;
  organization?: Record<string, unknown>;
  sender: Record<string, unknown>;
  [key: string]: unknown;
}

const TEMPLATE_URL = new URL("./workflow-run.template.json", import.meta.url);
let cached: WorkflowRunPayload | undefined;

/**
 * The template payload, read once from `scripts/demo/workflow-run.template.json`.
 * @throws Error if the file is missing or is not a `workflow_run` body.
 */
export function loadRunTemplate(): WorkflowRunPayload {
  if (!cached) {
    const parsed = JSON.parse(readFileSync(TEMPLATE_URL, "utf8")) as Partial<WorkflowRunPayload>;
    if (!parsed.workflow_run || !parsed.workflow || !parsed.repository || !parsed.sender) {
      throw new Error(`${TEMPLATE_URL.pathname} is not a workflow_run webhook body`);
    }
    cached = parsed as WorkflowRunPayload;
  }
  return cached;
}

/** `CI` → `.github/workflows/ci.yml`. */
export const workflowPath = (name: string) =>
  `.github/workflows/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.yml`;

/** A stable workflow id per repository and workflow name. */
function workflowId(repoId: number, name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 1000;
  return (repoId % 100_000) * 1000 + hash + 4_000_000;
}

/**
 * The `workflow_run` body GitHub would deliver for `run` at `action`.
 * `requested` reports the run queued; `run_started_at` is when the current
 * attempt was requested, as on GitHub; `updated_at` is the time of the change.
 */
export function buildWorkflowRunPayload(
  run: RunSnapshot,
  action: RunAction,
  epochMs: number,
  template: WorkflowRunPayload = loadRunTemplate(),
): WorkflowRunPayload {
  const payload = structuredClone(template);
  const t = template.workflow_run;
  const fullName = `${ORG.login}/${run.repo.name}`;
  const templateFullName = String((t.repository as { full_name?: string }).full_name ?? "");
  const at = (offset: number) => githubTime(epochMs + offset);
  const changedAt =
    action === "completed" ? (run.completedAt ?? run.attemptAt) : (run.attemptStartedAt ?? run.attemptAt);
  const api = `https://api.github.com/repos/${fullName}`;
  const base = `${api}/actions/runs/${run.id}`;
  const path = workflowPath(run.workflow);
  const id = workflowId(run.repo.id, run.workflow);
  const message = commitMessage(run.branch, run.sha);
  // The run's own `repository` / `head_repository`: the short repository form, owner included.
  const rename = (value: Record<string, unknown>) => {
    const owner = (value.owner ?? {}) as { login?: string; id?: number };
    const out = replaceStrings(value, [
      [templateFullName, fullName],
      [`/${owner.login ?? ""}`, `/${ORG.login}`],
      [String(owner.id ?? ""), String(ORG.id)],
    ]);
    Object.assign(out.owner as Record<string, unknown>, {
      login: ORG.login,
      id: ORG.id,
      node_id: legacyNodeId("012:Organization", ORG.id),
    });
    return Object.assign(out, {
      id: run.repo.id,
      node_id: legacyNodeId("010:Repository", run.repo.id),
      name: run.repo.name,
      description: run.repo.description,
      private: true,
    });
  };

  payload.action = action;
  Object.assign(payload.workflow_run, {
    name: run.workflow,
    artifacts_url: `${base}/artifacts`,
    cancel_url: `${base}/cancel`,
    check_suite_url: `${api}/check-suites/${run.id + 1_000_000_000}`,
    check_suite_id: run.id + 1_000_000_000,
    check_suite_node_id: legacyNodeId("010:CheckSuite", run.id + 1_000_000_000),
    conclusion: action === "completed" ? run.conclusion : null,
    created_at: at(run.createdAt),
    event: run.trigger,
    head_branch: run.branch,
    head_commit: {
      ...(t.head_commit as Record<string, unknown>),
      id: run.sha,
      tree_id: run.sha.split("").reverse().join(""),
      message,
      timestamp: at(run.createdAt - 45_000),
      author: { name: run.sender.name, email: `${run.sender.login}@users.noreply.github.com` },
    },
    head_sha: run.sha,
    path,
    display_title: message,
    html_url: `https://github.com/${fullName}/actions/runs/${run.id}`,
    id: run.id,
    jobs_url: `${base}/jobs`,
    logs_url: `${base}/logs`,
    node_id: legacyNodeId("014:WorkflowRun", run.id),
    rerun_url: `${base}/rerun`,
    run_number: run.number,
    run_attempt: run.attempt,
    run_started_at: at(run.attemptAt),
    previous_attempt_url: run.attempt > 1 ? `${base}/attempts/${run.attempt - 1}` : null,
    status: action === "requested" ? "queued" : action,
    updated_at: at(changedAt),
    url: base,
    workflow_id: id,
    workflow_url: `${api}/actions/workflows/${id}`,
    repository: rename(t.repository),
    head_repository: rename(t.head_repository),
    actor: githubUser(t.actor as Record<string, unknown>, run.sender),
    triggering_actor: githubUser(t.triggering_actor as Record<string, unknown>, run.sender),
  });
  Object.assign(payload.workflow, {
    badge_url: `https://github.com/${fullName}/workflows/${encodeURIComponent(run.workflow)}/badge.svg`,
    html_url: `https://github.com/${fullName}/blob/main/${path}`,
    id,
    name: run.workflow,
    node_id: legacyNodeId("08:Workflow", id),
    path,
    url: `${api}/actions/workflows/${id}`,
  });
  payload.repository = githubRepository(template.repository, run.repo, epochMs + changedAt);
  const org = githubOrganization(template.organization);
  if (org) payload.organization = org;
  payload.sender = githubUser(template.sender, run.sender);
  return payload;
}
