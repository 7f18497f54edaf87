import type { z } from "zod";
import { HttpError } from "./errors";

/**
 * Validates a query string with a zod schema.
 * @throws HttpError 400 naming the first bad parameter.
 */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // Name the parameter, not the position inside a comma-separated value.
  const field = issue?.path[0] === undefined ? "query" : String(issue.path[0]);
  throw new HttpError(400, "invalid_query", `${field}: ${issue?.message ?? "invalid"}`, field);
}
