/**
 * GitHub Actions: `workflow_run` deliveries into the normalised `PipelineRun`.
 * Contract: docs/webhooks.md and fixtures/README.md §1.
 */
import { z } from "zod";
import { isTerminal } from "../../lib/job";
import { httpLink } from "../../lib/links";
import type { PipelineRun } from "../../lib/run";
import { githubStatus } from "./github-status";
import { parsePayload } from "./zod-field";

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.iso
  .datetime({ offset: true })
  .nullish()
  .transform((v) => v ?? null);

const workflowRunSchema = z.object({
  workflow_run: z.object({
    id: z.number().int().nonnegative(),
    name: nullableString,
    path: nullableString,
    run_number: z.number().int().nonnegative().nullish(),
    run_attempt: z.number().int().positive().nullish(),
    event: nullableString,
    head_branch: nullableString,
    head_sha: nullableString,
    status: z.string().min(1),
    conclusion: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
    run_started_at: timestamp,
    html_url: nullableString,
  }),
  repository: z.object({ full_name: z.string().min(1) }),
});

// Conclusions of a run that ended without running anything: waiting for approval
// (fork pull requests), an invalid workflow file, or left queued too long.
const NEVER_RAN = new Set(["action_required", "startup_failure", "stale"]);

/**
 * Normalises a `workflow_run` body into a `PipelineRun` (`github:<id>`; its
 * `runId` equals the `run_id` of the run's `workflow_job` events).
 *
 * Times: GitHub fills `run_started_at` as soon as an attempt is created, like
 * `started_at` of a queued job, so it counts only once the run is in progress
 * or finished having run (the workflow_job rule; a run has no runner to show it
 * was picked up, so its conclusion tells). `created_at` belongs to the first
 * attempt: a re-run attempt was queued at its own `run_started_at`.
 * `finishedAt` is `updated_at` of a completed run.
 * @throws PayloadError naming the bad field.
 */
export function normaliseWorkflowRun(body: Record<string, unknown>): PipelineRun {
  const { workflow_run: wr, repository } = parsePayload(workflowRunSchema, body);
  const status = githubStatus(wr.status, wr.conclusion);
  const terminal = isTerminal(status);
  const attempt = wr.run_attempt ?? 1;
  const ran = status === "running" || (terminal && !(wr.conclusion !== null && NEVER_RAN.has(wr.conclusion)));
  const startedAt = ran ? wr.run_started_at : null;
  const finishedAt = terminal ? wr.updated_at : null;
  return {
    id: `github:${wr.id}`,
    source: "github",
    repo: repository.full_name,
    workflow: wr.name || wr.path || "",
    runId: String(wr.id),
    number: wr.run_number ?? null,
    attempt,
    trigger: wr.event,
    branch: wr.head_branch,
    sha: wr.head_sha,
    status,
    queuedAt: attempt > 1 ? (wr.run_started_at ?? wr.created_at) : wr.created_at,
    startedAt,
    finishedAt,
    durationMs:
      startedAt !== null && finishedAt !== null
        ? Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt))
        : null,
    url: httpLink(wr.html_url),
    reported: true,
  };
}
