/**
 * The OpenAPI operations of access control: sign-in and the session, API
 * keys, dashboard sessions and the audit log (`auth-routes.ts`,
 * `admin-routes.ts`, `audit-routes.ts`). Part of `openapi-paths.ts`.
 */
import {
  apiKeyUpdateSchema,
  auditExportQuerySchema,
  auditQuerySchema,
  newApiKeySchema,
  signInSchema,
} from "../../lib/auth";
import { SESSION_COOKIE } from "../auth/cookies";
import {
  errorResponse,
  idParameter,
  json,
  operation,
  queryParameters,
  type Method,
} from "./openapi-operation";
import { fromZod, ref, type JsonSchema } from "./openapi-schema-kit";

const AUDIT_QUERY_HELP: Record<string, string> = {
  action: "An action (`key.created`), or a prefix ending in `.*` (`auth.*`).",
  actor: "An API key id, `cli`, `system` or `anonymous`.",
  since: "ISO 8601; entries at or after.",
  until: "ISO 8601; entries before.",
  cursor: "`nextCursor` of the previous page.",
};

/** The access-control operations, by OpenAPI path. */
export function accessPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  const notFound = { "404": errorResponse("NotFound") };
  const badQuery = { "400": errorResponse("BadRequest") };
  return {
    "/api/v1/auth/me": {
      get: operation("get", "whoAmI", {
        tag: "Auth",
        access: "public",
        summary: "Who the caller is, and whether auth is on",
        responses: { "200": json(ref("AuthStatus"), "The caller's identity, if any.") },
      }),
    },
    "/api/v1/auth/session": {
      post: operation("post", "signIn", {
        tag: "Auth",
        access: "public",
        summary: "Sign in to the dashboard with an API key",
        description: `Exchanges a key with the read or admin scope for an httpOnly \`${SESSION_COOKIE}\` cookie. Rate limited by RUNWATCH_RATE_LIMIT_SIGNIN.`,
        requestBody: { required: true, content: { "application/json": { schema: fromZod(signInSchema) } } },
        responses: {
          "200": {
            ...json(ref("SignedIn"), "Signed in; the session cookie is set."),
            headers: {
              "Set-Cookie": {
                schema: { type: "string" },
                description: `\`${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax\``,
              },
            },
          },
          "400": errorResponse("BadRequest"),
          "401": errorResponse("Unauthenticated"),
          "403": errorResponse("Forbidden"),
        },
      }),
      delete: operation("delete", "signOut", {
        tag: "Auth",
        access: "public",
        summary: "Sign out (revoke the session and clear its cookie)",
        responses: { "204": { description: "Signed out." } },
      }),
    },
    "/api/v1/keys": {
      get: operation("get", "listKeys", {
        tag: "Keys",
        access: "admin",
        summary: "List API keys",
        responses: {
          "200": json(
            {
              type: "object",
              properties: { items: { type: "array", items: ref("ApiKey") } },
              required: ["items"],
            },
            "Every key, without secrets.",
          ),
        },
      }),
      post: operation("post", "createKey", {
        tag: "Keys",
        access: "admin",
        summary: "Create an API key",
        requestBody: {
          required: true,
          content: { "application/json": { schema: fromZod(newApiKeySchema) } },
        },
        responses: {
          "201": json(ref("CreatedApiKey"), "Created; the secret is shown this once."),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/keys/{id}": {
      delete: operation("delete", "revokeKey", {
        tag: "Keys",
        access: "admin",
        summary: "Revoke an API key (its sessions and live connections end)",
        parameters: [idParameter("key")],
        responses: { "204": { description: "Revoked." }, ...notFound },
      }),
      patch: operation("patch", "updateKeyTeams", {
        tag: "Keys",
        access: "admin",
        summary: "Set the teams an API key is scoped to (`[]` unscopes it; audited as `key.updated`)",
        parameters: [idParameter("key")],
        requestBody: {
          required: true,
          content: { "application/json": { schema: fromZod(apiKeyUpdateSchema) } },
        },
        responses: {
          "200": json(ref("ApiKey"), "The key."),
          "400": errorResponse("BadRequest"),
          ...notFound,
        },
      }),
    },
    "/api/v1/sessions": {
      get: operation("get", "listSessions", {
        tag: "Sessions",
        access: "admin",
        summary: "List dashboard sessions",
        responses: {
          "200": json(
            {
              type: "object",
              properties: { items: { type: "array", items: ref("Session") } },
              required: ["items"],
            },
            "Every session.",
          ),
        },
      }),
    },
    "/api/v1/sessions/{id}": {
      delete: operation("delete", "revokeSession", {
        tag: "Sessions",
        access: "admin",
        summary: "Revoke a dashboard session",
        parameters: [idParameter("session")],
        responses: { "204": { description: "Revoked." }, ...notFound },
      }),
    },
    "/api/v1/audit": {
      get: operation("get", "listAudit", {
        tag: "Audit",
        access: "audit",
        summary: "List audit-log entries",
        parameters: queryParameters(auditQuerySchema, AUDIT_QUERY_HELP),
        responses: { "200": json(ref("AuditList"), "A page of entries, newest first."), ...badQuery },
      }),
    },
    "/api/v1/audit/verify": {
      get: operation("get", "verifyAudit", {
        tag: "Audit",
        access: "audit",
        summary: "Verify the audit log's hash chain",
        description:
          "Checks every link (HMAC-SHA256 under the audit key since migration 0018), then the chain against the latest checkpoint kept outside the database: truncation and recomputed chains are reported.",
        responses: {
          "200": json(ref("AuditVerification"), "Intact, or the first broken link, truncation or rewrite."),
        },
      }),
    },
    "/api/v1/audit/export": {
      get: operation("get", "exportAudit", {
        tag: "Audit",
        access: "audit",
        summary: "Export the audit log (audited)",
        description: "JSON Lines can be re-verified on its own; CSV is for reading.",
        parameters: queryParameters(auditExportQuerySchema, AUDIT_QUERY_HELP),
        responses: {
          "200": {
            description: "A download (`Content-Disposition: attachment`).",
            content: {
              "application/jsonl": {
                schema: { type: "string", description: "One AuditEntry as JSON per line." },
              },
              "text/csv": { schema: { type: "string" } },
            },
          },
          ...badQuery,
        },
      }),
    },
  };
}
