import type { z } from "zod";
import { PayloadError } from "./source";

/**
 * Parses `value` with `schema`, turning the first zod issue into a
 * `PayloadError` that names the dotted path of the bad field.
 */
export function parsePayload<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "body";
  const problem =
    issue?.code === "invalid_type" && issue.input === undefined
      ? "is required"
      : (issue?.message ?? "is invalid");
  throw new PayloadError(`${field} ${problem}`, field);
}
