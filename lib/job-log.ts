/**
 * The failing lines of a job: the excerpt of its log Runwatch keeps when a
 * source has a read token (`GET /api/v1/jobs/{id}/log`, `docs/api.md`), and
 * what those lines say about the failure. Shared by the server and the browser.
 */
import { z } from "zod";
import { isoTimestampSchema } from "./job";

/** Whether a failure came from the machine and network the job ran on, or from the code it ran. */
export const FAILURE_CATEGORIES = ["infrastructure", "code"] as const;

/** See {@link FAILURE_CATEGORIES}. */
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** What the lines showed, as a short stable code (see `server/domain/log-excerpt.ts`). */
export const LOG_SIGNALS = [
  "runner_lost",
  "out_of_memory",
  "no_space",
  "network",
  "timeout",
  "test",
  "compile",
  "lint",
] as const;

/** See {@link LOG_SIGNALS}. */
export type LogSignal = (typeof LOG_SIGNALS)[number];

/** Limits of a kept excerpt: at most this many lines, and this many UTF-8 bytes in all. */
export const LOG_EXCERPT_LIMITS = { lines: 40, bytes: 8 * 1024, lineChars: 500 } as const;

/** `GET /api/v1/jobs/{id}/log`: the kept lines around the first error. */
export const jobLogSchema = z.object({
  jobId: z.string(),
  /** ANSI colours and timestamps stripped; at most 40 lines and 8 KiB. */
  lines: z.array(z.string()),
  /** Index in `lines` of the first line that reads as an error; null when none does (the tail is kept). */
  firstErrorLine: z.number().int().nonnegative().nullable(),
  category: z.enum(FAILURE_CATEGORIES).nullable(),
  signal: z.enum(LOG_SIGNALS).nullable(),
  fetchedAt: isoTimestampSchema,
});
/** See {@link jobLogSchema}. */
export type JobLog = z.infer<typeof jobLogSchema>;
