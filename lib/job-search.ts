/**
 * The job-search contract beyond the list itself: filter suggestions
 * (`GET /api/v1/jobs/suggestions`) and a job's history
 * (`GET /api/v1/jobs/:id/history`). Shared by the server (which validates with
 * these schemas) and the browser. Fields may be added, never renamed.
 */
import { z } from "zod";
import type { Job } from "./job";

/** The job fields the dashboard suggests values for, as `GET /api/v1/jobs` filter names. */
export const JOB_SUGGEST_FIELDS = ["repo", "branch", "workflow", "name", "pool"] as const;

/** One field with suggestions. */
export type JobSuggestField = (typeof JOB_SUGGEST_FIELDS)[number];

/** Most suggestions one request returns. */
export const MAX_SUGGESTIONS = 50;

/** Query of `GET /api/v1/jobs/suggestions`: values of `field` starting with `prefix` (any case). */
export const jobSuggestQuerySchema = z.object({
  field: z.enum(JOB_SUGGEST_FIELDS),
  prefix: z.string().max(300).default(""),
  limit: z.coerce.number().int().min(1).max(MAX_SUGGESTIONS).default(10),
});

/** Parsed suggestions query. */
export type JobSuggestQuery = z.infer<typeof jobSuggestQuerySchema>;

/** `GET /api/v1/jobs/suggestions`: known values, most recently seen first. */
export interface JobSuggestions {
  field: JobSuggestField;
  items: string[];
}

/** Most jobs one history request returns. */
export const MAX_HISTORY = 100;

/** Query of `GET /api/v1/jobs/:id/history`. */
export const jobHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY).default(30),
});

/** Parsed history query. */
export type JobHistoryQuery = z.infer<typeof jobHistoryQuerySchema>;

/**
 * `GET /api/v1/jobs/:id/history`: the job and the earlier jobs of the same
 * series (same repository, workflow, job name and branch: earlier attempts and
 * earlier runs), newest first, the job itself first.
 */
export interface JobHistoryResponse {
  items: Job[];
}
