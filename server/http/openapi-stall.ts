/**
 * The OpenAPI operations and component schemas of the stall radar
 * (`stall-routes.ts`, and the `diagnoses` of the Queue metrics), typed
 * against `lib/stall.ts`.
 */
import { RUNNER_STATUSES } from "../../lib/runner";
import {
  DIAGNOSIS_KINDS,
  MAX_RECOMMENDED_RUNNERS,
  type Diagnosis,
  type PoolDemand,
  type PoolRunner,
} from "../../lib/stall";
import { errorResponse, json, operation, type Method } from "./openapi-operation";
import { source } from "./openapi-metrics-schemas";
import { count, isoTime, nullable, objectOf, ref, text, type JsonSchema } from "./openapi-schema-kit";

const diagnosis = objectOf<Diagnosis>(
  'Something the stall radar finds wrong now (see docs/api.md, "Stall radar").',
  {
    kind: {
      type: "string",
      enum: [...DIAGNOSIS_KINDS],
      description:
        "`dispatch_stall` (a job waited > 60 s beside an idle runner able to take it), `orphan_label` (no runner seen serves the labels jobs wait for), `pool_exhausted` (every able runner busy and the queue growing), `silent_source` (a source quiet for longer than its usual gap), `stale_job` (queued or running far beyond the pool's history).",
    },
    pool: nullable(text("The pool, as the Queue metrics name it; null for `silent_source`.")),
    source,
    since: isoTime("When the condition began to hold."),
    detail: text("One plain-language sentence saying what is wrong and what to do."),
    jobId: nullable(text("The job concerned, when one is (`dispatch_stall`, `orphan_label`, `stale_job`).")),
    jobStatus: { type: "string", enum: ["queued", "running"], description: "`stale_job`: the job's state." },
    job: objectOf<NonNullable<Diagnosis["job"]>>(
      "`stale_job`: the job's repository, workflow and name.",
      { repo: text("Repository."), workflow: text("Workflow."), name: text("Job name.") },
      {},
    ),
  },
  { jobStatus: true, job: true },
);

const poolRunner = objectOf<PoolRunner>(
  "A runner able to serve a pool (or one of its offline runners).",
  {
    name: text(),
    status: { type: "string", enum: [...RUNNER_STATUSES], description: "Its status now." },
    lastSeenAt: isoTime("The last time any event mentioned it."),
  },
  {},
);

const poolDemand = objectOf<PoolDemand>(
  "A pool's demand for runners now. KEDA's `metrics-api` scaler reads it directly with `valueLocation: recommendedRunners`.",
  {
    pool: text("The pool, as the Queue metrics name it."),
    waiting: count("Jobs queued or waiting now (jobs marked lost left out)."),
    running: count("Jobs running now."),
    idleRunners: count("Online runners able to serve the pool, idle."),
    busyRunners: count("Online runners able to serve the pool, busy."),
    recommendedRunners: count(
      `min(max(running, busyRunners) + waiting, ${MAX_RECOMMENDED_RUNNERS}): one runner per job running or waiting, never fewer than those busy.`,
    ),
  },
  {},
);

/** The stall radar's component schemas, by name. */
export const STALL_SCHEMAS: Record<string, JsonSchema> = {
  Diagnosis: diagnosis,
  PoolRunner: poolRunner,
  PoolDemand: poolDemand,
};

/** The demand and mark-lost operations, by OpenAPI path. */
export function stallPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/pools/{pool}/demand": {
      get: operation("get", "getPoolDemand", {
        tag: "Runners",
        access: "read",
        summary: "A pool's demand for runners (for autoscalers such as KEDA)",
        description:
          "Waiting and running jobs of the pool and its idle and busy runners now, and the runners to have. A pool is known while a job waits or runs in it, a job of it finished in the last 24 h, a runner serves it, or a kind is set for it (set one to keep a pool scaled to zero known). See docs/autoscaling.md.",
        parameters: [
          {
            name: "pool",
            in: "path",
            required: true,
            description: "The pool as `GET /api/v1/metrics/queue` names it (URL-encoded).",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": json(ref("PoolDemand"), "The pool's demand now."),
          "400": errorResponse("BadRequest"),
          "404": errorResponse("NotFound"),
        },
      }),
    },
    "/api/v1/jobs/{id}/lost": {
      post: operation("post", "markJobLost", {
        tag: "Jobs",
        access: "admin",
        summary: "Mark a queued or running job lost",
        description:
          "For a job the vendor will never finish (a stale job): sets `lost` and `lostMarkedAt`, so the job leaves the queue figures, the stall radar and the demand signal. Broadcast as `jobs:updated` (then `metrics:updated`); audited as `job.marked_lost`. Marking a marked job again changes nothing. A later vendor event that moves the job on clears the mark.",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The job's id.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": json(ref("Job"), "The job, marked lost."),
          "404": errorResponse("NotFound"),
          "409": json(ref("ApiError"), "The job has already finished (`conflict`)."),
        },
      }),
    },
  };
}
