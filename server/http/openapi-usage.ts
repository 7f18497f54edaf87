/**
 * The OpenAPI operations and component schemas of `usage-routes.ts`: hosted
 * usage and the kinds set per runner pool, typed against `lib/usage.ts`.
 */
import { RUNNER_KINDS } from "../../lib/runner";
import {
  usageQuerySchema,
  type PoolKindItem,
  type PoolKindListResponse,
  type UsageFigures,
  type UsageItem,
  type UsageResponse,
} from "../../lib/usage";
import { errorResponse, json, operation, queryParameters, type Method } from "./openapi-operation";
import { list, ms, source } from "./openapi-metrics-schemas";
import { count, isoTime, nullable, objectOf, ref, text, type JsonSchema } from "./openapi-schema-kit";

const kind = (description: string): JsonSchema => ({ type: "string", enum: [...RUNNER_KINDS], description });

const cost = nullable({
  type: "number",
  minimum: 0,
  description: "Minutes × the price per minute set for the pool's runner type; null when none is set.",
});

const figures = objectOf<UsageFigures>(
  "Jobs, minutes and cost of a slice of usage.",
  {
    jobs: count("Finished jobs that ran on a runner."),
    minutes: count("Billable minutes: each job's run time rounded up to a whole minute, summed."),
    durationMs: ms("Exact run time."),
    cost,
  },
  {},
);

const withFigures = (description: string, properties: Record<string, JsonSchema>, required: string[]) => ({
  allOf: [ref("UsageFigures"), { type: "object", description, properties, required }],
});

const usageItem: JsonSchema = withFigures(
  "Usage of one pool in one repository.",
  {
    source,
    pool: text("The pool (labels sorted and joined, or a `queue=` tag)."),
    repo: text(),
    kind: kind("The pool's kind."),
    pricePerMinute: nullable({ type: "number", minimum: 0, description: "The price that applied." }),
  } satisfies { [K in Exclude<keyof UsageItem, keyof UsageFigures>]-?: JsonSchema },
  ["source", "pool", "repo", "kind", "pricePerMinute"],
);

const usageResponse = objectOf<UsageResponse>(
  "`GET /api/v1/usage`.",
  {
    window: text("The window asked for."),
    from: isoTime("Start of the window. Usage is kept per hour: the hour holding `from` counts whole."),
    to: isoTime("Now."),
    items: list("UsageItem", "Per pool and repository, most minutes first."),
    pools: {
      type: "array",
      description: "Totals per pool, most minutes first.",
      items: withFigures("A pool's total.", { source, pool: text(), kind: kind("The pool's kind.") }, [
        "source",
        "pool",
        "kind",
      ]),
    },
    repos: {
      type: "array",
      description: "Totals per repository, most minutes first.",
      items: withFigures("A repository's total.", { repo: text() }, ["repo"]),
    },
    total: ref("UsageFigures"),
  },
  {},
);

const poolKindItem = objectOf<PoolKindItem>(
  "A kind an admin set for a pool.",
  { pool: text(), kind: kind("The kind set."), updatedAt: isoTime("When it was set.") },
  {},
);

/** The usage and pool-kind component schemas, by name. */
export const USAGE_SCHEMAS: Record<string, JsonSchema> = {
  UsageFigures: figures,
  UsageItem: usageItem,
  UsageResponse: usageResponse,
  PoolKind: poolKindItem,
  PoolKindList: objectOf<PoolKindListResponse>(
    "`GET /api/v1/pools`: every kind set, by pool.",
    { items: list("PoolKind", "Every kind set.") },
    {},
  ),
  PoolKindInput: {
    type: "object",
    description: "The kind for the pool, or null to clear it.",
    properties: { kind: nullable(kind("hosted, self-hosted or ephemeral")) },
    required: ["kind"],
  },
};

const TAG = "Runners";

/** The usage and pool-kind operations, by OpenAPI path. */
export function usagePaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/usage": {
      get: operation("get", "getUsage", {
        tag: TAG,
        access: "read",
        summary: "Hosted usage: job minutes and cost per pool and repository",
        description:
          "Minutes of jobs that finished in the window on a runner, per source, pool and repository, with their cost when `RUNWATCH_RUNNER_PRICES` sets a price for the pool (its name or one of its labels). By default only hosted pools (`kind=hosted`); `kind=all` adds the others. Read from hourly sums kept as jobs are written, never from the jobs themselves.",
        parameters: queryParameters(usageQuerySchema, {
          window: "How far back, e.g. 24h, 7d, 30d (default 30d).",
          source: "Only this CI system.",
          kind: "`hosted` (default) or `all`.",
        }),
        responses: {
          "200": json(ref("UsageResponse"), "Usage over the window."),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/pools": {
      get: operation("get", "listPoolKinds", {
        tag: TAG,
        access: "read",
        summary: "Kinds set per runner pool",
        responses: { "200": json(ref("PoolKindList"), "Every kind set.") },
      }),
    },
    "/api/v1/pools/{pool}/kind": {
      put: operation("put", "setPoolKind", {
        tag: TAG,
        access: "admin",
        summary: "Set or clear the kind of a runner pool",
        description:
          "Overrides what the vendor and the runners' activity say: `hosted` and `ephemeral` runners of the pool retire when their job ends (no idle capacity, no capacity advice); `self-hosted` ones stay. `null` clears the setting. Audited as `pool.kind_set`.",
        parameters: [
          {
            name: "pool",
            in: "path",
            required: true,
            description: "The pool as the Runners and Queue pages name it (URL-encoded).",
            schema: { type: "string" },
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: ref("PoolKindInput") } } },
        responses: {
          "200": json(
            {
              type: "object",
              properties: {
                pool: text(),
                kind: nullable(kind("The kind now set.")),
                runners: count("Runners of the pool rewritten."),
              },
              required: ["pool", "kind", "runners"],
            },
            "The kind was set.",
          ),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
  };
}
