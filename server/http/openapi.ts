/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of every route,
 * built in code from the same zod schemas the routes validate with (query
 * strings, request bodies) and the component schemas in `openapi-schemas.ts`.
 * Public: it describes shapes, never data. `openapi.integration.test.ts`
 * checks that every registered route is documented with its access level.
 */
import type { FastifyInstance } from "fastify";
import type { SourceAdapter } from "../ingest/source";
import { SESSION_COOKIE } from "../auth/cookies";
import { json, SECURITY } from "./openapi-operation";
import { EVIDENCE_TAG } from "./openapi-evidence";
import { SLO_TAG } from "./openapi-slos";
import { apiPaths, OPENAPI_PATH } from "./openapi-paths";
import { prometheusPaths } from "./openapi-prometheus";
import { ref, type JsonSchema } from "./openapi-schema-kit";
import { COMPONENT_SCHEMAS } from "./openapi-schemas";
import { WEBHOOK_SECURITY_SCHEMES, webhookOperation } from "./openapi-webhooks";

export { OPENAPI_PATH } from "./openapi-paths";

/** Options of the document: the webhook endpoints the server registers. */
export interface OpenApiOptions {
  adapters: readonly Pick<SourceAdapter, "source" | "secretVariables">[];
  /** `GET /metrics` is public (RUNWATCH_METRICS_PUBLIC=on); default false: read scope. */
  metricsPublic?: boolean;
}

/** The operation groups, in the order a reader meets them, each saying what it holds. */
const TAGS: { name: string; description: string }[] = [
  { name: "Jobs", description: "CI jobs from every source, newest first, filtered; one job with its steps." },
  { name: "Pipelines", description: "Pipeline runs across every CI, with their jobs." },
  { name: "Runners", description: "The runner registry: each runner with its state and labels." },
  { name: "Sources", description: "Delivery health of each webhook endpoint, with lost-job detection." },
  {
    name: "Metrics",
    description:
      "Success rate, durations, queue time, failures, flaky jobs, workflows, queue and runner use.",
  },
  { name: "Alerts", description: "Alert rules, notification channels and the history of fired alerts." },
  SLO_TAG,
  { name: "Webhooks", description: "One endpoint per CI vendor, each authenticated by its own scheme." },
  { name: "Auth", description: "Who the caller is; dashboard sign-in and sign-out." },
  {
    name: "Keys",
    description:
      "API keys: list, create and revoke (admin); teams, and the teams a key is scoped to. A caller scoped to teams (see docs/teams.md) sees only its teams' jobs in every answer: jobs, job logs, runs, runners, metrics; another team's job is 404 to it.",
  },
  { name: "Sessions", description: "Signed-in dashboard sessions: list and revoke (admin)." },
  { name: "Audit", description: "The hash-chained audit log: list, verify and export (admin or auditor)." },
  EVIDENCE_TAG,
  { name: "Health", description: "Liveness and readiness probes." },
  { name: "Meta", description: "This document." },
];

/** Shared error answers, referenced as `#/components/responses/<name>`. */
const RESPONSES: Record<string, JsonSchema> = {
  BadRequest: json(ref("ApiError"), "A parameter or body field is invalid; `field` names it."),
  Unauthenticated: json(
    ref("ApiError"),
    "No credential, or a wrong, expired or revoked one (`unauthenticated`).",
  ),
  Forbidden: json(
    ref("ApiError"),
    "The credential lacks the scope (`forbidden`), or a cookie-authenticated change lacks `x-runwatch-csrf: 1` (`csrf`).",
  ),
  NotFound: json(ref("ApiError"), "No such resource (`not_found`)."),
  PayloadTooLarge: json(
    ref("ApiError"),
    "The body is larger than RUNWATCH_API_BODY_LIMIT (64 KiB by default), refused before it is parsed (`payload_too_large`).",
  ),
  RateLimited: {
    ...json(ref("ApiError"), "Over the rate limit (`rate_limited`)."),
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } },
  },
  ShuttingDown: {
    ...json(
      ref("ApiError"),
      "The server is shutting down (`shutting_down`); the connection is closed after this answer. " +
        "Or the database cannot be reached (`database_unavailable`): nothing was stored.",
    ),
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } },
  },
};

/** Builds the document. Pure: the same adapters give the same document. */
export function buildOpenApiDocument({ adapters, metricsPublic = false }: OpenApiOptions): JsonSchema {
  const webhooks = Object.fromEntries(
    adapters.map(({ source, secretVariables }) => [
      `/api/v1/webhooks/${source}`,
      { post: webhookOperation(source, secretVariables) },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Runwatch API",
      version: "1",
      summary: "Self-hosted, real-time CI dashboard: webhooks in, jobs, runs and runners out.",
      description:
        'JSON over HTTP under `/api/v1`. Every call except the public ones needs an API key (`Authorization: Bearer rw_…`) or a dashboard session. Every error has the shape `{ "error": { "code", "message", "field"? } }`. Lists use cursor pagination: pass `nextCursor` back as `cursor`. Live updates (`jobs:updated`, `runs:updated`, `runners:updated`, `sources:updated`, each carrying a list of changes, and `metrics:updated`, a figure-free notice to refetch metrics sent at most once a second) are sent over Socket.IO at `/socket.io`.',
      license: { name: "MIT", identifier: "MIT" },
    },
    // Relative: the document describes whichever server serves it (self-hosted, any host).
    servers: [{ url: "/", description: "The Runwatch server that serves this document." }],
    tags: TAGS,
    security: SECURITY.read,
    paths: { ...apiPaths(), ...prometheusPaths(metricsPublic), ...webhooks },
    components: {
      schemas: COMPONENT_SCHEMAS,
      responses: RESPONSES,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key (`rw_…`) holding the scope named in the requirement; `admin` implies `read`.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description:
            "A dashboard session (`POST /api/v1/auth/session`). Changes also need `x-runwatch-csrf: 1`.",
        },
        ...WEBHOOK_SECURITY_SCHEMES,
      },
    },
  };
}

/** Registers `GET /api/v1/openapi.json` (public). The document is built once. */
export async function openapiRoutes(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  const document = buildOpenApiDocument(options);
  app.get(OPENAPI_PATH, { config: { access: "public" } }, async (_request, reply) =>
    reply.header("cache-control", "public, max-age=300").send(document),
  );
}
