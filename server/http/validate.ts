import type { z } from "zod";
import { describeIssue } from "../ingest/zod-field";
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

/**
 * Validates a JSON request body with a zod schema.
 * @throws HttpError 400 naming the first bad field.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "invalid_body", "body must be a JSON object", "body");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const { field, problem } = describeIssue(result.error);
  throw new HttpError(400, "invalid_body", `${field} ${problem}`, field);
}
