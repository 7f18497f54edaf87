/**
 * What the alerting routes share: strict body parsing that names the exact
 * field at fault, the list query of `GET /alerts`, ISO times for stored
 * records, and the 404 of an unknown id.
 */
import { z } from "zod";
import { MAX_PAGE_SIZE } from "../../lib/api";
import type { ConfigRecord } from "../store/store";
import { HttpError } from "./errors";

/** Query parameters of `GET /api/v1/alerts`. */
export const alertListQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** Only the alerts this job opened, reminded or closed (the job page's "Alerts" section). */
  jobId: z.string().min(1).max(500).optional(),
});

/** The value at a path inside a parsed JSON body, or undefined. */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let node = body;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Validates an alerting body (a JSON object) with a zod schema.
 *
 * The 400 names the dotted path of the first bad field. An unknown key is
 * named itself (zod reports it on the parent object), so a `treshold` typo
 * answers `field: "treshold"`. Messages never echo the input: a channel body
 * carries credentials.
 * @throws HttpError 400 `invalid_body`.
 */
export function parseAlertBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "invalid_body", "body must be a JSON object", "body");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new HttpError(400, "invalid_body", "body is invalid", "body");
  const unknownKey = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
  const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
  const field = path.map(String).join(".") || "body";
  const problem =
    unknownKey !== undefined
      ? "is not a known field"
      : issue.code === "invalid_type" && valueAt(body, issue.path) === undefined
        ? "is required"
        : issue.message;
  throw new HttpError(400, "invalid_body", `${field} ${problem}`, field);
}

/** A stored record's times as the API shows them (ISO 8601, UTC). */
export function isoTimes(record: Pick<ConfigRecord<unknown>, "createdAt" | "updatedAt">): {
  createdAt: string;
  updatedAt: string;
} {
  return {
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/** 404 for an id that names nothing. */
export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, "not_found", `no ${what} with id ${JSON.stringify(id)}`, "id");
}
