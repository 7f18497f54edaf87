/**
 * The generic webhook body (`POST /api/v1/webhooks/generic`): the normalised
 * job as input, so any runner or script can report with a few lines of shell.
 * Contract: docs/webhooks.md, "The generic schema". Shared by the
 * server (validation), the OpenAPI document and the docs; browser-safe.
 *
 * The schema only validates (no transforms or defaults), so it converts to
 * JSON Schema as is; the server fills the defaults. Unknown fields are ignored,
 * so a job copied from `GET /api/v1/jobs` (with `source`, `queueMs`…) is accepted.
 */
import { z } from "zod";
import { JOB_STATUSES, MAX_TIME_MS, MIN_TIME_MS } from "./job";

/** The only version of the generic body this server reads. */
export const GENERIC_SCHEMA_VERSION = 1;

/** Length limits of the generic body's fields (characters, or entries for lists). */
export const GENERIC_LIMITS = {
  id: 200,
  name: 300,
  sha: 100,
  url: 2000,
  cause: 64,
  reason: 2000,
  label: 100,
  labels: 50,
  steps: 500,
} as const;

// One line of printable text: control characters (newlines, escapes) have no place in names.
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: "must not contain control characters or unpaired surrogates" });

const optionalLine = (max: number) => line(max).nullable().optional();

/** ISO 8601 with a `Z` or `±hh:mm` offset (a time without one is ambiguous), or null. */
const timestamp = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time with Z or an offset, or null" })
  // Stored in UTC, where it must stay within the years 0000–9999.
  .refine((v) => Date.parse(v) >= MIN_TIME_MS && Date.parse(v) <= MAX_TIME_MS, {
    error: "must fall within the years 0000–9999 in UTC",
  })
  .nullable()
  .optional();

const status = z.enum(JOB_STATUSES);

/** One step of a generic job. */
const genericStepSchema = z.object({
  name: line(GENERIC_LIMITS.name),
  status,
  startedAt: timestamp,
  finishedAt: timestamp,
});

/** The job inside a generic delivery. */
export const genericJobSchema = z.object({
  /** Your id for the job; stored as `generic:<id>`. Reusing it updates the same job. */
  id: line(GENERIC_LIMITS.id),
  repo: line(GENERIC_LIMITS.name),
  workflow: line(GENERIC_LIMITS.name).optional(),
  name: line(GENERIC_LIMITS.name),
  /** The run the job belongs to; defaults to the job's own id (a run of one job). */
  runId: line(GENERIC_LIMITS.id).optional(),
  attempt: z.number().int().min(1).max(10_000).optional(),
  branch: optionalLine(GENERIC_LIMITS.name),
  sha: optionalLine(GENERIC_LIMITS.sha),
  status,
  queuedAt: timestamp,
  startedAt: timestamp,
  finishedAt: timestamp,
  runner: z
    .object({
      name: optionalLine(GENERIC_LIMITS.id),
      group: optionalLine(GENERIC_LIMITS.id),
      labels: z.array(line(GENERIC_LIMITS.label)).max(GENERIC_LIMITS.labels).optional(),
    })
    .optional(),
  /** Link to the job in your CI's UI: http or https only. */
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(GENERIC_LIMITS.url)
    .nullable()
    .optional(),
  /**
   * Extension: why the job did not succeed, when you know better than the
   * classifier. Read only for `failure`, `timed_out` and `cancelled` jobs; a
   * missing `cause` or `step` is classified from `status` and `steps`.
   */
  failure: z
    .object({
      /** A short stable code, e.g. `infrastructure`, `dependency`, `step_failed`. */
      cause: z
        .string()
        .max(GENERIC_LIMITS.cause)
        .regex(/^[a-z][a-z0-9_]*$/, { error: "must be a lower-case code such as step_failed" })
        .optional(),
      step: optionalLine(GENERIC_LIMITS.name),
      /** Free text, kept verbatim for drill-down. */
      reason: z.string().max(GENERIC_LIMITS.reason).nullable().optional(),
    })
    .nullable()
    .optional(),
  steps: z.array(genericStepSchema).max(GENERIC_LIMITS.steps).optional(),
  /** Who triggered the job (a user name or handle); Live's "mine" filter matches it. */
  author: optionalLine(GENERIC_LIMITS.name),
});

/** The whole generic delivery body, version 1. */
export const genericDeliverySchema = z.object({
  version: z.literal(GENERIC_SCHEMA_VERSION),
  job: genericJobSchema,
});

/**
 * A generic delivery as posted by a runner or script. Required: `version` (1),
 * `job.id`, `job.repo`, `job.name`, `job.status`; everything else optional.
 * Times are ISO 8601 with an offset; `finishedAt` is read only once the job is
 * terminal, `startedAt` only once it is running or done.
 */
export type GenericDelivery = z.infer<typeof genericDeliverySchema>;

/** The documented generic delivery (docs/webhooks.md), filled in: what a runner would really send. */
export const GENERIC_EXAMPLE: GenericDelivery = {
  version: 1,
  job: {
    id: "build-42",
    repo: "acme/api",
    workflow: "ci",
    name: "test",
    runId: "42",
    attempt: 1,
    branch: "main",
    sha: "9f3c2a7e1b4d",
    status: "running",
    queuedAt: "2026-01-15T10:00:00Z",
    startedAt: "2026-01-15T10:00:05Z",
    finishedAt: null,
    runner: { name: "rack-3", group: "linux", labels: ["x64", "gpu"] },
    url: "https://ci.example.com/builds/42",
  },
};
