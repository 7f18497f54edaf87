/**
 * REST API contract (`/api/v1`): response shapes and the job-list query, shared
 * by the server (which validates with these schemas) and the browser (which
 * builds URLs from them). Fields may be added, never renamed.
 */
import { z } from "zod";
import { isoDateOrTimeSchema as isoDate, jobSourceSchema, jobStatusSchema, type Job } from "./job";

/** Every error answer, from every endpoint. */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

/** `GET /api/v1/jobs`. */
export interface JobListResponse {
  items: Job[];
  nextCursor: string | null;
}

/** `POST /api/v1/webhooks/*` success answer. */
export interface WebhookAccepted {
  accepted: true;
  duplicate: boolean;
}

/** Orders the job list can be read in, newest first. */
export const JOB_SORTS = ["created", "finished", "updated"] as const;

/** Largest page the job list serves. */
export const MAX_PAGE_SIZE = 200;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/**
 * Query parameters of `GET /api/v1/jobs`. Every filter is optional; `status`
 * accepts a comma-separated list; `since`/`until` bound the job's creation time.
 */
export const jobQuerySchema = z.object({
  status: csv(jobStatusSchema).optional(),
  repo: z.string().min(1).max(300).optional(),
  branch: z.string().min(1).max(300).optional(),
  workflow: z.string().min(1).max(300).optional(),
  runner: z.string().min(1).max(300).optional(),
  label: z.string().min(1).max(300).optional(),
  /** The job name, exactly. */
  name: z.string().min(1).max(300).optional(),
  /** The runner pool (`poolOf(labels, group)`), exactly. */
  pool: z.string().min(1).max(300).optional(),
  source: jobSourceSchema.optional(),
  /** Who triggered the job (`Job.author`), exact. */
  author: z.string().min(1).max(300).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  q: z.string().min(1).max(200).optional(),
  sort: z.enum(JOB_SORTS).default("created"),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/** Parsed job-list query. */
export type JobQuery = z.infer<typeof jobQuerySchema>;

/** The raw (string) form of a job-list query, as it appears in a URL. */
export type JobQueryParams = Partial<Record<keyof z.input<typeof jobQuerySchema>, string>>;

/** Filter keys the dashboard keeps in the URL. */
export const JOB_FILTER_KEYS = ["status", "repo", "branch", "workflow", "runner", "label", "q"] as const;

/** Query parameters of `GET /api/v1/runs`; `status` accepts a comma-separated list. */
export const runQuerySchema = z.object({
  status: csv(jobStatusSchema).optional(),
  source: jobSourceSchema.optional(),
  repo: z.string().min(1).max(300).optional(),
  branch: z.string().min(1).max(300).optional(),
  workflow: z.string().min(1).max(300).optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});

/** Parsed run-list query. */
export type RunQuery = z.infer<typeof runQuerySchema>;

/** Filter keys the Pipelines view keeps in the URL. */
export const RUN_FILTER_KEYS = ["status", "source", "repo", "branch", "workflow"] as const;
