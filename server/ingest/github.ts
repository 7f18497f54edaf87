/**
 * GitHub Actions: `workflow_job` deliveries into the normalised `Job`.
 * Contract: DESIGN.md "Webhook endpoints" and fixtures/README.md §1.
 */
import { z } from "zod";
import { isTerminal, type Job, type JobStatus, type JobStep } from "../../lib/job";
import { classifyFailure, type FailureCause } from "../domain/failure";
import { PayloadError, type ParsedDelivery, type SourceAdapter } from "./source";
import { sha256BodySignature } from "./verify";
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
});

const CONCLUSIONS: Record<string, JobStatus> = {
  success: "success",
  failure: "failure",
  cancelled: "cancelled",
  skipped: "skipped",
  timed_out: "timed_out",
  // Not failures of the job's own doing, but not green either.
  neutral: "success",
  action_required: "failure",
  startup_failure: "failure",
  stale: "cancelled",
};

const ACTIVE: Record<string, JobStatus> = {
  requested: "queued",
  queued: "queued",
  pending: "queued",
  waiting: "waiting",
  in_progress: "running",
};

/** Maps GitHub's `status` + `conclusion` pair onto a normalised status. */
export function githubStatus(status: string, conclusion: string | null): JobStatus {
  // Own properties only: a vendor string such as "constructor" must not reach Object.prototype.
  if (status === "completed")
    return (
      (conclusion !== null && Object.hasOwn(CONCLUSIONS, conclusion) && CONCLUSIONS[conclusion]) || "failure"
    );
  return (Object.hasOwn(ACTIVE, status) && ACTIVE[status]) || "queued";
}

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
  const { workflow_job: wj, repository } = parsePayload(workflowJobSchema, body);
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
    url: wj.html_url,
    failure: classifyFailure({ status, steps, hint }),
    steps,
  };
}

/** The GitHub webhook endpoint: HMAC-SHA256 over the raw body, dedupe on `X-GitHub-Delivery`. */
export const githubSource: SourceAdapter = {
  source: "github",
  secretVariable: "RUNWATCH_GITHUB_SECRET",
  verify: sha256BodySignature("X-Hub-Signature-256"),
  parse({ headers }, body): ParsedDelivery {
    const event = headers["x-github-event"];
    const deliveryId = headers["x-github-delivery"] ?? null;
    if (!event) throw new PayloadError("the X-GitHub-Event header is required", "X-GitHub-Event");
    if (event === "ping") return { kind: "ping", event, deliveryId };
    if (event !== "workflow_job") return { kind: "ignored", event, deliveryId };
    return { kind: "job", event, deliveryId, job: normaliseWorkflowJob(body) };
  },
};
