/**
 * Builders of OpenAPI operations, shared by the path modules
 * (`openapi-paths.ts`, `openapi-metrics.ts`): an operation with the security
 * and error answers that follow from its access level, JSON answers, and
 * query parameters taken from the zod schema a route validates with.
 */
import type { z } from "zod";
import type { Access } from "./access";
import { fromZod, type JsonSchema } from "./openapi-schema-kit";

/** The HTTP methods the REST routes use. */
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** What an operation says, before the access-derived parts are added. */
export interface OperationSpec {
  summary: string;
  description?: string;
  tag: string;
  access: Exclude<Access, "webhook" | "page">;
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  /** Success answers and route-specific errors; 401/403/429 are added from `access`. */
  responses: Record<string, JsonSchema>;
}

/** A JSON answer with this schema. */
export const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A reference to a shared error answer (`#/components/responses/<name>`). */
export const errorResponse = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The `{id}` path parameter of an operation on one `what` (a job, a key, an SLO…). */
export const idParameter = (what: string) => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${what}'s id.`,
  schema: { type: "string" },
});

/** Query parameters of a route, from the zod schema it validates its query with. */
export function queryParameters(schema: z.ZodType, descriptions: Record<string, string> = {}): JsonSchema[] {
  const { properties = {}, required = [] } = fromZod(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, parameter]) => ({
    name,
    in: "query",
    required: required.includes(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: parameter,
  }));
}

const csrfHeader = {
  name: "x-runwatch-csrf",
  in: "header",
  required: false,
  description:
    "Must be `1` when the request is authenticated by the session cookie (not needed with a bearer key).",
  schema: { type: "string", const: "1" },
};

const requestIdHeader = {
  name: "x-request-id",
  in: "header",
  required: false,
  description:
    "Your id for this request (1 to 128 printable ASCII characters), returned in the answer's `X-Request-Id` and written in every log line of the request. Absent or invalid: the server generates a UUID and returns that.",
  schema: { type: "string", minLength: 1, maxLength: 128, pattern: "^[\\x20-\\x7e]+$" },
};

/** Who may call an operation, as OpenAPI security requirements (any one of them). */
export const SECURITY: Record<OperationSpec["access"], Record<string, string[]>[]> = {
  public: [],
  read: [{ bearerAuth: ["read"] }, { sessionCookie: ["read"] }],
  admin: [{ bearerAuth: ["admin"] }, { sessionCookie: ["admin"] }],
  audit: [
    { bearerAuth: ["admin"] },
    { sessionCookie: ["admin"] },
    { bearerAuth: ["auditor"] },
    { sessionCookie: ["auditor"] },
  ],
};

/** An operation: the spec plus its security, CSRF header (changes only) and 401/403/413 (with a body)/429 answers. */
export function operation(method: Method, operationId: string, spec: OperationSpec): JsonSchema {
  const guarded = spec.access !== "public";
  const parameters = [
    ...(spec.parameters ?? []),
    ...(guarded && method !== "get" ? [csrfHeader] : []),
    requestIdHeader,
  ];
  return {
    tags: [spec.tag],
    operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    "x-runwatch-access": spec.access,
    security: SECURITY[spec.access],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: {
      // Any request may meet a shutdown; a route's own 503 (readiness) says more.
      "503": errorResponse("ShuttingDown"),
      ...spec.responses,
      ...(spec.requestBody ? { "413": errorResponse("PayloadTooLarge") } : {}),
      ...(guarded ? { "401": errorResponse("Unauthenticated"), "403": errorResponse("Forbidden") } : {}),
      "429": errorResponse("RateLimited"),
    },
  };
}
