/**
 * OpenAPI of `GET /api/v1/metrics/queue/depth`: its path and its component
 * schemas, typed against `lib/queue-depth.ts` so they cannot drift apart.
 */
import {
  queueDepthQuerySchema,
  type EtaAccuracy,
  type QueueDepthPoint,
  type QueueDepthResponse,
} from "../../lib/queue-depth";
import { errorResponse, json, operation, queryParameters, type Method } from "./openapi-operation";
import { count, isoTime, nullable, objectOf, ref, text, type JsonSchema } from "./openapi-schema-kit";

const point = objectOf<QueueDepthPoint>(
  "One bucket of the series.",
  {
    at: isoTime("The bucket's start."),
    waiting: count("The most jobs waiting at any sample in the bucket."),
    running: count("The most jobs running at any sample in the bucket."),
  },
  {},
);

const accuracy = objectOf<EtaAccuracy>(
  "How good the ETAs given were, over the jobs that started in the window after being given one (the first ETA each got).",
  {
    predictions: count("Jobs compared."),
    medianAbsErrorMs: nullable({
      type: "number",
      minimum: 0,
      description: "Median of |predicted − actual start|, ms.",
    }),
    within30: nullable({
      type: "number",
      minimum: 0,
      maximum: 1,
      description: "Share whose error was within 30% of the wait left when the ETA was given.",
    }),
  },
  {},
);

const response = objectOf<QueueDepthResponse>(
  "A pool's queue depth over the window, and the accuracy of its ETAs.",
  {
    pool: nullable(text("The pool asked for; null: every pool, summed.")),
    window: text(),
    from: isoTime("The window's start."),
    to: isoTime("The window's end (now)."),
    bucketMs: count("Bucket width: whole minutes, as few as give at most 240 points."),
    points: {
      type: "array",
      items: ref("QueueDepthPoint"),
      description: "Oldest first; a bucket without a change carries the last counts forward.",
    },
    accuracy: ref("EtaAccuracy"),
  },
  {},
);

/** The component schemas, by name. */
export const QUEUE_DEPTH_SCHEMAS: Record<string, JsonSchema> = {
  QueueDepthResponse: response,
  QueueDepthPoint: point,
  EtaAccuracy: accuracy,
};

/** The path. */
export function queueDepthPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/metrics/queue/depth": {
      get: operation("get", "metricsQueueDepth", {
        tag: "Metrics",
        access: "read",
        summary: "Queue depth over time per pool, with the ETA accuracy",
        description:
          "Waiting and running jobs of a pool (or every pool, summed), sampled whenever the pool changes (at most once a second) and rolled up by minute, then into as few whole-minute buckets as give at most 240 points; each bucket holds the most of each. Beside it, the accuracy of the ETAs actually given: each job's first ETA against its actual start. A team-scoped caller sees only the pools of its teams of pool globs alone (docs/teams.md): another pool is a 404, and without `pool` only those are summed.",
        parameters: queryParameters(queueDepthQuerySchema, {
          pool: "The pool's name as `GET /api/v1/metrics/queue` gives it. Absent: every pool, summed.",
          window: "How far back: a duration such as `1h`, `24h`, `7d` (up to `90d`). Default `24h`.",
        }),
        responses: {
          "200": json(ref("QueueDepthResponse"), "The series."),
          "400": errorResponse("BadRequest"),
          "404": errorResponse("NotFound"),
        },
      }),
    },
  };
}
