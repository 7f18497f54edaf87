/**
 * Builds generic-endpoint bodies (docs/webhooks.md "The generic schema", version 1):
 * what a home-grown runner script would post about its job, signed like
 * GitHub with `X-Runwatch-Signature-256` and deduplicated on
 * `X-Runwatch-Delivery`.
 */
import type { GenericDelivery } from "../../lib/generic";
import type { JobStatus } from "../../lib/job";
import { isoTime } from "./ids";
import type { JobAction, JobSnapshot } from "./model";
import { signBody, type Target } from "./sender";
import type { StepSnapshot } from "./steps";

/** The home-grown CI's web UI, where the job links point. */
export const GENERIC_UI = "https://lab-ci.acme.example";

/** The generic endpoint's headers for `baseUrl`: delivery id and HMAC of the exact body. */
export function genericTarget(baseUrl: string, secret: string): Target {
  return {
    url: `${baseUrl}/api/v1/webhooks/generic`,
    headers: (delivery) => ({
      "Content-Type": "application/json",
      "User-Agent": "lab-runner/2.3 (curl)",
      "X-Runwatch-Delivery": delivery.id,
      "X-Runwatch-Signature-256": signBody(secret, Buffer.from(delivery.body, "utf8")),
    }),
  };
}

/** The normalised status of a job at `action`. */
export function genericStatus(job: JobSnapshot, action: JobAction): JobStatus {
  if (action === "queued") return "queued";
  if (action === "waiting") return "waiting";
  if (action === "in_progress") return "running";
  return job.conclusion ?? "failure";
}

function stepStatus(step: StepSnapshot): JobStatus {
  if (step.status === "queued") return "queued";
  if (step.status === "in_progress") return "running";
  return step.conclusion ?? "success";
}

const INFRA_REASONS: Record<string, string> = {
  gpu: "CUDA error: an illegal memory access was encountered (Xid 79, GPU fell off the bus)",
  hil: "board did not enumerate on USB after power-cycle",
};

/** Why the job failed, as the runner script knows it; null unless it failed. */
function failure(job: JobSnapshot): NonNullable<GenericDelivery["job"]["failure"]> | null {
  if (job.conclusion !== "failure") return null;
  if (job.cause === "infra") {
    const reason = INFRA_REASONS[job.runner?.pool ?? ""] ?? "runner host crashed";
    return { cause: "infrastructure", step: job.failedStep?.replace(/^Run /, "") ?? null, reason };
  }
  return { cause: "step_failed", step: job.failedStep?.replace(/^Run /, "") ?? null };
}

// GitHub's bookkeeping steps mean nothing to a shell script runner.
const GITHUB_ONLY = /^(Set up job|Complete job|(Post )?Run actions\/checkout@v4)$/;

/** The generic delivery for `job` at `action`. */
export function buildGenericDelivery(job: JobSnapshot, action: JobAction, epochMs: number): GenericDelivery {
  const at = (offset: number | null) => (offset === null ? null : isoTime(epochMs + offset));
  const status = genericStatus(job, action);
  const done = action === "completed";
  const why = done ? failure(job) : null;
  const repo = `acme/${job.repo.name}`;
  return {
    version: 1,
    job: {
      id: `lab-${job.id}`,
      repo,
      workflow: job.workflow,
      name: job.name,
      runId: `lab-run-${job.runId}`,
      attempt: job.attempt,
      branch: job.branch,
      sha: job.sha,
      status,
      queuedAt: at(job.createdAt),
      startedAt: at(job.startedAt),
      finishedAt: done ? at(job.completedAt) : null,
      runner: job.runner
        ? { name: job.runner.name, group: job.runner.groupName, labels: [...job.labels] }
        : { labels: [...job.labels] },
      url: `${GENERIC_UI}/${repo}/runs/${job.runId}#${job.key}`,
      ...(why ? { failure: why } : {}),
      steps: job.steps
        .filter((step) => !GITHUB_ONLY.test(step.name))
        .map((step) => ({
          name: step.name.replace(/^Run /, ""),
          status: stepStatus(step),
          startedAt: at(step.startedAt),
          finishedAt: step.status === "completed" ? at(step.completedAt) : null,
        })),
    },
  };
}
