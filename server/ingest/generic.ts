/**
 * The generic endpoint: any runner or script posts the normalised job itself
 * (`lib/generic.ts`), signed like GitHub with `X-Runwatch-Signature-256`.
 * Contract: docs/webhooks.md, "The generic schema".
 */
import { GENERIC_LIMITS, GENERIC_SCHEMA_VERSION, genericDeliverySchema } from "../../lib/generic";
import { isTerminal, type Job, type JobFailure, type JobStatus, type JobStep } from "../../lib/job";
import { httpLink } from "../../lib/links";
import { authorField } from "./author";
import { classifyFailure } from "../domain/failure";
import { PayloadError, noObservations, type Normalised, type SourceAdapter } from "./source";
import { bodyHmac } from "./verify/body-hmac";
import { parsePayload } from "./zod-field";

const SECRET = "RUNWATCH_GENERIC_SECRET";
const DELIVERY_HEADER = "X-Runwatch-Delivery";

/** The event name of every generic delivery (there is only one kind). */
export const GENERIC_EVENT = "job";

/** An ISO 8601 time with any offset, as UTC; null stays null. */
const utc = (iso: string | null | undefined): string | null =>
  iso === null || iso === undefined ? null : new Date(iso).toISOString();

// Checked before the body: a body of another version may be shaped differently,
// and its first mismatch is not the problem worth naming.
function checkVersion(body: Record<string, unknown>): void {
  const { version } = body;
  if (version === undefined) throw new PayloadError("version is required", "version");
  if (version !== GENERIC_SCHEMA_VERSION) {
    // Name a structure by its type: echoing it could be a megabyte, or nested too deep to stringify.
    const shown =
      typeof version === "object" && version !== null
        ? Array.isArray(version)
          ? "an array"
          : "an object"
        : JSON.stringify(version).slice(0, 40);
    throw new PayloadError(
      `version ${shown} is not supported: this server reads version ${GENERIC_SCHEMA_VERSION}`,
      "version",
    );
  }
}

function failureOf(
  status: JobStatus,
  steps: JobStep[],
  given: { cause?: string; step?: string | null; reason?: string | null } | null | undefined,
): JobFailure | null {
  const classified = classifyFailure({ status, steps, reason: given?.reason });
  // Only jobs that did not succeed have a failure, whatever the sender says.
  if (classified === null || !given) return classified;
  const failure: JobFailure = { cause: given.cause ?? classified.cause, step: given.step ?? classified.step };
  return given.reason ? { ...failure, reason: given.reason } : failure;
}

/**
 * Normalises a generic delivery into a `Job`. Defaults: `runId` = the job id,
 * `attempt` 1, `workflow` "", no runner. `startedAt` is dropped while the job is
 * queued or waiting, `finishedAt` until it is terminal; times are stored in UTC.
 * @throws PayloadError naming the bad field (`version` for an unknown version).
 */
export function normaliseGenericJob(body: Record<string, unknown>): Job {
  checkVersion(body);
  const { job } = parsePayload(genericDeliverySchema, body);
  const started = job.status !== "queued" && job.status !== "waiting";
  const steps: JobStep[] = (job.steps ?? []).map((step) => ({
    name: step.name,
    status: step.status,
    startedAt: utc(step.startedAt),
    finishedAt: utc(step.finishedAt),
  }));
  return {
    id: `generic:${job.id}`,
    source: "generic",
    repo: job.repo,
    workflow: job.workflow ?? "",
    name: job.name,
    runId: job.runId ?? job.id,
    attempt: job.attempt ?? 1,
    branch: job.branch ?? null,
    sha: job.sha ?? null,
    status: job.status,
    queuedAt: utc(job.queuedAt),
    startedAt: started ? utc(job.startedAt) : null,
    finishedAt: isTerminal(job.status) ? utc(job.finishedAt) : null,
    queueMs: null,
    durationMs: null,
    runner: {
      name: job.runner?.name ?? null,
      group: job.runner?.group ?? null,
      labels: job.runner?.labels ?? [],
    },
    url: httpLink(job.url),
    failure: failureOf(job.status, steps, job.failure),
    steps,
    ...authorField(job.author),
  };
}

/**
 * The generic webhook endpoint: HMAC-SHA256 of the raw body under
 * `RUNWATCH_GENERIC_SECRET` in `X-Runwatch-Signature-256`; dedupe on
 * `X-Runwatch-Delivery` when sent, else on the body's hash. Every delivery
 * reports one job; no run is emitted (the store derives runs from jobs).
 */
export const genericSource: SourceAdapter = {
  source: "generic",
  secretVariables: [SECRET],
  verification: {
    accept: "first",
    schemes: [{ variable: SECRET, scheme: bodyHmac("X-Runwatch-Signature-256") }],
  },
  identify({ headers }) {
    const deliveryId = headers[DELIVERY_HEADER.toLowerCase()]?.trim() || null;
    if (deliveryId !== null && deliveryId.length > GENERIC_LIMITS.id) {
      throw new PayloadError(
        `${DELIVERY_HEADER} must be at most ${GENERIC_LIMITS.id} characters`,
        DELIVERY_HEADER,
      );
    }
    return { event: GENERIC_EVENT, deliveryId };
  },
  normalise(event, body): Normalised {
    if (event !== GENERIC_EVENT) return { kind: "ignored" };
    return { kind: "data", observations: { ...noObservations(), jobs: [normaliseGenericJob(body)] } };
  },
};
