import type { z } from "zod";
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
