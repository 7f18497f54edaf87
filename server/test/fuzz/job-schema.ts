/**
 * What every stored job must satisfy, checked independently of the server's own schema.
 */
import { z } from "zod";
import { ACTIVE_STATUSES, isTerminal, JOB_STATUSES, type Job, type JobStatus } from "../../../lib/job";

const isoTime = z.iso
  .datetime({ offset: true })
  .refine((s) => Number.isFinite(Date.parse(s)), "unparseable time");
const jobStatus = z.enum(JOB_STATUSES);
const elapsed = (from: string | null, to: string | null) =>
  from !== null && to !== null ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

export const storedJobSchema: z.ZodType<Job> = z
  .strictObject({
    id: z.string().regex(/^github:\d+$/),
    source: z.literal("github"),
    repo: z.string().min(1),
    workflow: z.string(),
    name: z.string().min(1),
    runId: z.string().regex(/^\d+$/),
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
      name: z.string().nullable(),
      group: z.string().nullable(),
      labels: z.array(z.string()),
    }),
    url: z.string().nullable(),
    failure: z
      .strictObject({
        cause: z.enum(["timeout", "cancelled", "startup_failure", "step_failed", "unknown"]),
        step: z.string().nullable(),
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
  })
  .superRefine((job, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (job.queueMs !== elapsed(job.queuedAt, job.startedAt)) fail("queueMs is not startedAt − queuedAt");
    const duration = isTerminal(job.status) ? elapsed(job.startedAt, job.finishedAt) : null;
    if (job.durationMs !== duration) fail("durationMs is not finishedAt − startedAt of a finished job");
    if (!isTerminal(job.status) && job.finishedAt !== null) fail(`a ${job.status} job has a finish time`);
    const failed = job.status === "failure" || job.status === "timed_out" || job.status === "cancelled";
    if (failed !== (job.failure !== null))
      fail("failure is set exactly when the job failed, timed out or was cancelled");
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
