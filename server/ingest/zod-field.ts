import { z } from "zod";
import { PayloadError } from "./source";

/** The first problem zod found, as a dotted field path and a short reason. */
export function describeIssue(error: z.ZodError, fallbackField = "body"): { field: string; problem: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || fallbackField;
  const problem =
    issue?.code === "invalid_type" && issue.input === undefined
      ? "is required"
      : (issue?.message ?? "is invalid");
  return { field, problem };
}

/**
 * Parses `value` with `schema`, turning the first zod issue into a
 * `PayloadError` that names the dotted path of the bad field.
 */
export function parsePayload<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { field, problem } = describeIssue(result.error);
  throw new PayloadError(`${field} ${problem}`, field);
}

/** Text without unpaired surrogates: they have no UTF-8 form, so no URL can name them and SQLite mangles them. */
export const wellFormed = z.string().regex(/^\P{Cs}*$/u, { error: "must be well-formed Unicode" });

/** A vendor id or name that becomes part of a stored id: non-empty, well-formed, at most 255 characters. */
export const vendorKey = wellFormed.min(1).max(255);

export { MIN_TIME_MS as MIN_MS, MAX_TIME_MS as MAX_MS } from "../../lib/job";

/**
 * Most retries a vendor may report for one job. Far above any real CI (GitLab and
 * Buildkite cap retries in the single digits) yet low enough that `retries + 1`
 * stays a safe integer: a fuzzed 2^53 - 1 would otherwise store an attempt that
 * the Job schema refuses.
 */
export const MAX_RETRIES = 1_000_000;
