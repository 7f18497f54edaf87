/**
 * GitHub Actions: `workflow_job` deliveries into the normalised `Job`.
 * Contract: docs/webhooks.md and fixtures/README.md §1.
 */
import { z } from "zod";
import { isTerminal, type Job, type JobStep } from "../../lib/job";
import { httpLink } from "../../lib/links";
import { authorField } from "./author";
import { classifyFailure, type FailureCause } from "../domain/failure";
export { githubStatus } from "./github-status";
import { normaliseWorkflowRun } from "./github-run";
import { githubStatus } from "./github-status";
import { PayloadError, noObservations, type Normalised, type SourceAdapter } from "./source";
import { bodyHmac } from "./verify/body-hmac";
import { parsePayload } from "./zod-field";

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.iso
  .datetime({ offset: true })
  .nullish()
  .transform((v) => v ?? null);

const stepSchema = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  started_at: timestamp,
  completed_at: timestamp,
});

const workflowJobSchema = z.object({
  action: z.string(),
  workflow_job: z.object({
    id: z.number().int().nonnegative(),
    run_id: z.number().int().nonnegative(),
    run_attempt: z.number().int().positive().nullish(),
    workflow_name: nullableString,
    name: z.string().min(1),
    head_branch: nullableString,
    head_sha: nullableString,
    status: z.string().min(1),
    conclusion: nullableString,
    created_at: timestamp,
    started_at: timestamp,
    completed_at: timestamp,
    html_url: nullableString,
    runner_name: nullableString,
    runner_group_name: nullableString,
    labels: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
    steps: z
      .array(stepSchema)
      .nullish()
      .transform((v) => v ?? []),
  }),
  repository: z.object({ full_name: z.string().min(1) }),
  // Who caused the event: for a job, the person whose push or click started its run.
  sender: z.object({ login: z.unknown() }).nullish().catch(null),
});

function normaliseStep(step: z.infer<typeof stepSchema>): JobStep {
  return {
    name: step.name,
    status: githubStatus(step.status, step.conclusion ?? null),
    startedAt: step.started_at,
    finishedAt: step.completed_at,
  };
}

/** Normalises a parsed `workflow_job` body into a `Job`. */
export function normaliseWorkflowJob(body: Record<string, unknown>): Job {
  const { workflow_job: wj, repository, sender } = parsePayload(workflowJobSchema, body);
  const status = githubStatus(wj.status, wj.conclusion);
  const steps = wj.steps.map(normaliseStep);
  // GitHub fills started_at with created_at while a job is queued, and keeps it
  // when a job is cancelled or skipped before any runner took it: only a job in
  // progress, or one that finished after a runner picked it up, really started.
  const pickedUp = wj.runner_name !== null || steps.length > 0;
  const started = status === "running" || (isTerminal(status) && pickedUp);
  const hint: FailureCause | undefined = wj.conclusion === "startup_failure" ? "startup_failure" : undefined;
  return {
    id: `github:${wj.id}`,
    source: "github",
    repo: repository.full_name,
    workflow: wj.workflow_name ?? "",
    name: wj.name,
    runId: String(wj.run_id),
    attempt: wj.run_attempt ?? 1,
    branch: wj.head_branch,
    sha: wj.head_sha,
    status,
    queuedAt: wj.created_at,
    startedAt: started ? wj.started_at : null,
    finishedAt: isTerminal(status) ? wj.completed_at : null,
    queueMs: null,
    durationMs: null,
    runner: { name: wj.runner_name, group: wj.runner_group_name, labels: wj.labels },
    url: httpLink(wj.html_url),
    failure: classifyFailure({ status, steps, hint }),
    steps,
    ...authorField(sender?.login),
  };
}

const SECRET = "RUNWATCH_GITHUB_SECRET";

/**
 * The GitHub webhook endpoint: HMAC-SHA256 over the raw body, dedupe on
 * `X-GitHub-Delivery`; `workflow_job` and `workflow_run` are read, `ping`
 * answered, every other event stored and ignored.
 */
export const githubSource: SourceAdapter = {
  source: "github",
  secretVariables: [SECRET],
  verification: {
    accept: "first",
    schemes: [{ variable: SECRET, scheme: bodyHmac("X-Hub-Signature-256") }],
  },
  identify({ headers }) {
    const event = headers["x-github-event"];
    if (!event) throw new PayloadError("the X-GitHub-Event header is required", "X-GitHub-Event");
    return { event, deliveryId: headers["x-github-delivery"] ?? null };
  },
  normalise(event, body): Normalised {
    if (event === "ping") return { kind: "ping" };
    if (event === "workflow_job")
      return { kind: "data", observations: { ...noObservations(), jobs: [normaliseWorkflowJob(body)] } };
    if (event === "workflow_run")
      return { kind: "data", observations: { ...noObservations(), runs: [normaliseWorkflowRun(body)] } };
    return { kind: "ignored" };
  },
};
