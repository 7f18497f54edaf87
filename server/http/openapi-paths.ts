/**
 * The REST half of the OpenAPI document: one operation per route of
 * `server/http/*-routes.ts` (webhooks aside: `openapi-webhooks.ts`), each
 * with its access level (`x-runwatch-access`, the route's `config.access`),
 * the security that follows from it, and its answers. Query parameters and
 * request bodies come from the zod schemas the routes validate with. The
 * metrics routes are in `openapi-metrics.ts`, the alerting ones in
 * `openapi-alerts.ts`, sign-in, keys, sessions and the audit log in
 * `openapi-access.ts`.
 */
import { jobQuerySchema, runQuerySchema } from "../../lib/api";
import { jobLogSchema } from "../../lib/job-log";
import { accessPaths } from "./openapi-access";
import { alertPaths } from "./openapi-alerts";
import { jobSearchPaths } from "./openapi-jobs";
import { metricsPaths } from "./openapi-metrics";
import { queueDepthPaths } from "./openapi-queue-depth";
import { privacyPaths } from "./openapi-privacy";
import { replayPaths } from "./openapi-replay";
import { ssoPaths } from "./openapi-sso";
import { usagePaths } from "./openapi-usage";
import { sloPaths } from "./openapi-slos";
import { stallPaths } from "./openapi-stall";
import { evidencePaths } from "./openapi-evidence";
import { teamPaths } from "./openapi-teams";
import {
  errorResponse,
  json,
  operation,
  queryParameters,
  type Method,
  idParameter,
} from "./openapi-operation";
import { fromZod, ref, type JsonSchema } from "./openapi-schema-kit";

/** Where the document is served. */
export const OPENAPI_PATH = "/api/v1/openapi.json";

const JOB_QUERY_HELP: Record<string, string> = {
  status:
    "Comma-separated statuses: queued, waiting, running, success, failure, cancelled, skipped, timed_out, neutral.",
  repo: "`owner/name`, exact.",
  branch: "Exact.",
  workflow: "Exact.",
  runner: "Runner name, exact.",
  label: "One runner label, e.g. `gpu`.",
  name: "The job's name, exact.",
  source: "One source: github, gitlab, buildkite, jenkins or generic.",
  pool: "Runner pool, exact: the job's labels sorted and joined by `, `, or its runner group when it has none.",
  author: "Who triggered the job (`author`), exact.",
  since: "ISO 8601 date or date-time; jobs created at or after.",
  until: "ISO 8601 date or date-time; jobs created before.",
  q: "Text contained in the id, repo, workflow, job name, branch or runner.",
  sort: "`created`, `finished` (finished jobs only) or `updated`; newest first.",
  cursor: "`nextCursor` of the previous page.",
};

/** `checks` of `/readyz` (`http/readiness.ts`); a node with Redis adds `redis`. */
const readinessChecks: JsonSchema = {
  type: "object",
  properties: {
    database: { enum: ["ok", "error"] },
    migrations: { enum: ["ok", "pending", "error"] },
    draining: { type: "boolean" },
  },
  required: ["database", "migrations", "draining"],
  additionalProperties: { oneOf: [{ type: "string" }, { type: "boolean" }] },
};

/** The operations of every REST route, by OpenAPI path and method. */
export function apiPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  const notFound = { "404": errorResponse("NotFound") };
  const badQuery = { "400": errorResponse("BadRequest") };
  return {
    "/api/v1/jobs": {
      get: operation("get", "listJobs", {
        tag: "Jobs",
        access: "read",
        summary: "List jobs",
        description: "Jobs from every source, newest first, with cursor pagination.",
        parameters: queryParameters(jobQuerySchema, JOB_QUERY_HELP),
        responses: { "200": json(ref("JobList"), "A page of jobs."), ...badQuery },
      }),
    },
    "/api/v1/jobs/{id}": {
      get: operation("get", "getJob", {
        tag: "Jobs",
        access: "read",
        summary: "Get one job",
        parameters: [idParameter("job (`<source>:<vendor job id>`)")],
        responses: { "200": json(ref("Job"), "The job."), ...notFound },
      }),
    },
    "/api/v1/jobs/{id}/log": {
      get: operation("get", "getJobLog", {
        tag: "Jobs",
        access: "read",
        summary: "Get a failed job's failing log lines",
        description:
          "The lines around the first error of a failed job's log (at most 40 lines, 8 KiB; ANSI colours and timestamps stripped), fetched once from the vendor's API when its source has a read token, and what they say: `infrastructure` or `code`. 404 when none is kept.",
        parameters: [idParameter("job (`<source>:<vendor job id>`)")],
        responses: { "200": json(fromZod(jobLogSchema), "The kept lines."), ...notFound },
      }),
    },
    ...jobSearchPaths(),
    "/api/v1/runs": {
      get: operation("get", "listRuns", {
        tag: "Pipelines",
        access: "read",
        summary: "List pipeline runs",
        description:
          "Runs from every CI (workflow runs, pipelines, builds), newest first, each with a count of its jobs.",
        parameters: queryParameters(runQuerySchema, JOB_QUERY_HELP),
        responses: { "200": json(ref("RunList"), "A page of runs."), ...badQuery },
      }),
    },
    "/api/v1/runs/{id}": {
      get: operation("get", "getRun", {
        tag: "Pipelines",
        access: "read",
        summary: "Get one run and its jobs",
        parameters: [idParameter("run (`<source>:<vendor run id>`)")],
        responses: { "200": json(ref("RunDetail"), "The run and all its jobs."), ...notFound },
      }),
    },
    "/api/v1/runners": {
      get: operation("get", "listRunners", {
        tag: "Runners",
        access: "read",
        summary: "List runners",
        description: "Every runner or agent seen, with its effective status now.",
        responses: { "200": json(ref("RunnerList"), "The runner registry.") },
      }),
    },
    "/api/v1/sources": {
      get: operation("get", "listSources", {
        tag: "Sources",
        access: "read",
        summary: "Delivery health of each webhook endpoint",
        responses: { "200": json(ref("SourceList"), "One entry per webhook endpoint.") },
      }),
    },
    ...metricsPaths(),
    ...queueDepthPaths(),
    ...usagePaths(),
    ...sloPaths(),
    ...stallPaths(),
    ...alertPaths(),
    ...replayPaths(),
    ...ssoPaths(),
    ...privacyPaths(),
    ...evidencePaths(),
    ...teamPaths(),
    ...accessPaths(),
    "/healthz": {
      get: operation("get", "liveness", {
        tag: "Health",
        access: "public",
        summary: "Liveness: the process answers",
        responses: {
          "200": json(
            { type: "object", properties: { status: { const: "ok" } }, required: ["status"] },
            "Alive.",
          ),
        },
      }),
    },
    "/readyz": {
      get: operation("get", "readiness", {
        tag: "Health",
        access: "public",
        summary: "Readiness: the database answers, migrations are applied, the node is not draining",
        responses: {
          "200": json(
            {
              type: "object",
              properties: { status: { const: "ready" }, ready: { const: true }, checks: readinessChecks },
              required: ["status", "ready", "checks"],
            },
            "Ready.",
          ),
          "503": json(
            {
              allOf: [
                ref("ApiError"),
                {
                  type: "object",
                  properties: {
                    status: { const: "unavailable" },
                    ready: { const: false },
                    checks: readinessChecks,
                  },
                  required: ["status", "ready", "checks"],
                },
              ],
            },
            "Not ready: a check failed (the database does not answer, a migration is pending, or the node is draining).",
          ),
        },
      }),
    },
    "/api/v1/runtime": {
      get: operation("get", "runtime", {
        tag: "Health",
        access: "read",
        summary: "How the server process is doing: event-loop lag, memory, live connections",
        description:
          "Event-loop lag (`perf_hooks.monitorEventLoopDelay`, sampled every 10 ms; the figures are beyond that period, so an idle loop reads 0) over the last complete 5-second window (the current one until the first completes): poll every few seconds to follow it. `sockets` counts open Socket.IO connections.",
        responses: {
          "200": json(
            {
              type: "object",
              properties: {
                eventLoop: {
                  type: "object",
                  properties: {
                    p50Ms: { type: "number" },
                    p99Ms: { type: "number" },
                    maxMs: { type: "number" },
                    windowMs: { type: "number", description: "How long the figures cover." },
                  },
                  required: ["p50Ms", "p99Ms", "maxMs", "windowMs"],
                },
                rssBytes: { type: "integer" },
                heapUsedBytes: { type: "integer" },
                sockets: { type: "integer" },
              },
              required: ["eventLoop", "rssBytes", "heapUsedBytes", "sockets"],
            },
            "The figures.",
          ),
        },
      }),
    },
    [OPENAPI_PATH]: {
      get: operation("get", "openapi", {
        tag: "Meta",
        access: "public",
        summary: "This document",
        responses: { "200": json({ type: "object" }, "The OpenAPI 3.1 document.") },
      }),
    },
  };
}
