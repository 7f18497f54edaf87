/**
 * What every stored job (and run) must satisfy, checked independently of the server's own schema.
 * GitHub jobs keep the strict shape they always had; the other sources add what their
 * vendors give (a runner id, the vendor's failure reason, ids that are not numbers).
 */
import { z } from "zod";
import {
  ACTIVE_STATUSES,
  isTerminal,
  JOB_SOURCES,
  jobEtaSchema,
  JOB_STATUSES,
  type Job,
  type JobSource,
  type JobStatus,
} from "../../../lib/job";
import type { PipelineRun } from "../../../lib/run";
import { FAILURE_CAUSES } from "../../domain/failure";

const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const isoTime = z.iso
  .datetime({ offset: true })
  .refine((s) => Number.isFinite(Date.parse(s)), "unparseable time")
  // Plausible times (issue 15): none before 2000, none more than a day ahead of the server's (real) clock.
  .refine((s) => Date.parse(s) >= EARLIEST && Date.parse(s) <= Date.now() + DAY_MS, "implausible time");
// Links are data, not code (issue 15): an http(s) URL or nothing, whatever the delivery said.
const link = z
  .string()
  .refine((s) => URL.canParse(s) && ["http:", "https:"].includes(new URL(s).protocol), "not an http(s) link")
  .nullable();
const jobStatus = z.enum(JOB_STATUSES);
const elapsed = (from: string | null, to: string | null) =>
  from !== null && to !== null ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

/** The vendor part of a job id, and of a run id, per source (vendor ids are any text but GitHub's and GitLab's). */
const JOB_ID: Record<JobSource, RegExp> = {
  github: /^github:\d+$/,
  gitlab: /^gitlab:\d+$/,
  buildkite: /^buildkite:.+$/s,
  jenkins: /^jenkins:.+:\d+$/s,
  generic: /^generic:.+$/s,
};
const RUN_ID: Record<JobSource, RegExp> = {
  github: /^\d+$/,
  gitlab: /^\d+$/,
  buildkite: /^.+$/s,
  jenkins: /^.+:\d+$/s,
  generic: /^.+$/s,
};

export const storedJobSchema: z.ZodType<Job> = z
  .strictObject({
    id: z.string(),
    source: z.enum(JOB_SOURCES),
    repo: z.string().min(1),
    workflow: z.string(),
    name: z.string().min(1),
    runId: z.string().min(1),
    attempt: z.number().int().positive(),
    branch: z.string().nullable(),
    sha: z.string().nullable(),
    status: jobStatus,
    queuedAt: isoTime.nullable(),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    queueMs: z.number().int().nonnegative().nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    runner: z.strictObject({
      id: z.string().min(1).nullable().optional(),
      name: z.string().nullable(),
      group: z.string().nullable(),
      labels: z.array(z.string()),
    }),
    url: link,
    failure: z
      .strictObject({
        // The generic endpoint takes the sender's own code; every other source classifies.
        cause: z.string().regex(/^[a-z][a-z0-9_]*$/),
        step: z.string().nullable(),
        reason: z.string().nullable().optional(),
      })
      .nullable(),
    steps: z.array(
      z.strictObject({
        name: z.string(),
        status: jobStatus,
        startedAt: isoTime.nullable(),
        finishedAt: isoTime.nullable(),
      }),
    ),
    // Inferred by the store, present only as `true`, on a cancelled job (server/store/superseded.ts).
    superseded: z.literal(true).optional(),
    // Who triggered it, when the vendor says (never an empty name: a bad value drops the author).
    author: z.string().min(1).nullable().optional(),
    // Worked out when served (server/queue-intel/eta-service.ts), never stored: waiting jobs only.
    eta: jobEtaSchema.nullable().optional(),
  })
  .superRefine((job, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (job.eta !== undefined && job.status !== "queued" && job.status !== "waiting")
      fail(`a ${job.status} job carries an ETA`);
    if (!JOB_ID[job.source].test(job.id)) fail(`id ${job.id} is not a ${job.source} job id`);
    if (!RUN_ID[job.source].test(job.runId)) fail(`runId ${job.runId} is not a ${job.source} run id`);
    if (job.source === "jenkins" && job.id !== `jenkins:${job.runId}`) fail("a Jenkins job is its run");
    if (job.source === "github") {
      // GitHub gives neither a runner id nor a reason beyond the classified cause.
      if (job.runner.id !== undefined) fail("a GitHub job has a runner id");
      if (job.failure?.reason !== undefined) fail("a GitHub failure has a vendor reason");
    }
    const causes: readonly string[] = FAILURE_CAUSES;
    if (job.failure && job.source !== "generic" && !causes.includes(job.failure.cause))
      fail(`failure cause ${job.failure.cause} is not a classified cause`);
    if (job.queueMs !== elapsed(job.queuedAt, job.startedAt)) fail("queueMs is not startedAt − queuedAt");
    const duration = isTerminal(job.status) ? elapsed(job.startedAt, job.finishedAt) : null;
    if (job.durationMs !== duration) fail("durationMs is not finishedAt − startedAt of a finished job");
    if (!isTerminal(job.status) && job.finishedAt !== null) fail(`a ${job.status} job has a finish time`);
    const failed = job.status === "failure" || job.status === "timed_out" || job.status === "cancelled";
    if (failed !== (job.failure !== null))
      fail("failure is set exactly when the job failed, timed out or was cancelled");
    if (job.superseded && job.status !== "cancelled") fail(`a ${job.status} job is marked superseded`);
  });

/** A stored run: its id is `<source>:<runId>`, times are real, and only a finished run has a finish time. */
export const storedRunSchema: z.ZodType<PipelineRun> = z
  .strictObject({
    id: z.string(),
    source: z.enum(JOB_SOURCES),
    repo: z.string().min(1),
    workflow: z.string(),
    runId: z.string().min(1),
    number: z.number().int().nonnegative().nullable(),
    attempt: z.number().int().positive(),
    trigger: z.string().nullable(),
    branch: z.string().nullable(),
    sha: z.string().nullable(),
    status: jobStatus,
    queuedAt: isoTime.nullable(),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    url: link,
    reported: z.boolean(),
    superseded: z.literal(true).optional(),
  })
  .superRefine((run, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (run.id !== `${run.source}:${run.runId}`) fail("id is not <source>:<runId>");
    if (!RUN_ID[run.source].test(run.runId)) fail(`runId ${run.runId} is not a ${run.source} run id`);
    if (!isTerminal(run.status) && run.finishedAt !== null) fail(`a ${run.status} run has a finish time`);
    if (run.superseded && run.status !== "cancelled") fail(`a ${run.status} run is marked superseded`);
  });

/**
 * Lifecycle rank (as in `server/domain/merge.ts`): the active statuses in order, then every
 * terminal status at one rank above them. A job only ever moves forward through these.
 */
export const RANK = Object.fromEntries(
  JOB_STATUSES.map((status) => [
    status,
    isTerminal(status) ? ACTIVE_STATUSES.length : (ACTIVE_STATUSES as readonly JobStatus[]).indexOf(status),
  ]),
) as Record<JobStatus, number>;
