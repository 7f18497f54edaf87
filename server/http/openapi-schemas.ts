/**
 * Component schemas of the OpenAPI document for every shape the REST API
 * answers with. Inputs come from the zod schemas in `lib/` through
 * `z.toJSONSchema`; outputs that exist only as TypeScript interfaces are
 * written here, once each, and typed against those interfaces (`objectOf`) so
 * a field added to `Job` (say) fails the type-check until it is documented.
 */
import type { ApiError, WebhookAccepted } from "../../lib/api";
import { genericDeliverySchema } from "../../lib/generic";
import {
  JOB_SOURCES,
  JOB_STATUSES,
  type Job,
  type JobEta,
  type JobFailure,
  type JobRunner,
  type JobStep,
} from "../../lib/job";
import type { PipelineRun, RunListItem } from "../../lib/run";
import { RUNNER_KINDS, RUNNER_KIND_SOURCES, RUNNER_STATUSES, type Runner } from "../../lib/runner";
import { DELIVERY_OUTCOMES, type SourceHealth } from "../../lib/sources";
import { FAILURE_CAUSES } from "../domain/failure";
import { ALERT_SCHEMAS } from "./openapi-alert-schemas";
import { AUTH_SCHEMAS } from "./openapi-auth-schemas";
import { JOB_SEARCH_SCHEMAS } from "./openapi-jobs";
import { FLEET_SCHEMAS } from "./openapi-metrics-fleet-schemas";
import { STALL_SCHEMAS } from "./openapi-stall";
import { QUEUE_DEPTH_SCHEMAS } from "./openapi-queue-depth";
import { USAGE_SCHEMAS } from "./openapi-usage";
import { SLO_SCHEMAS } from "./openapi-slos";
import { EVIDENCE_SCHEMAS } from "./openapi-evidence";
import { METRICS_SCHEMAS } from "./openapi-metrics-schemas";
import {
  count,
  fromZod,
  isoTime,
  nullable,
  objectOf,
  page,
  ref,
  strings,
  text,
  type JsonSchema,
} from "./openapi-schema-kit";

const status = (description: string): JsonSchema => ({ $ref: "#/components/schemas/JobStatus", description });
const source: JsonSchema = ref("JobSource");

const jobStep = objectOf<JobStep>(
  "One step (GitHub step, GitLab/Buildkite stage) of a job.",
  {
    name: text(),
    status: status("The step's status."),
    startedAt: nullable(isoTime("When the step started.")),
    finishedAt: nullable(isoTime("When the step finished.")),
  },
  {},
);

const jobRunner = objectOf<JobRunner>(
  "The machine a job ran (or will run) on.",
  {
    id: nullable(
      text("The vendor's runner / agent id, when it gives one (GitLab runner id, Buildkite agent id)."),
    ),
    name: nullable(text("Runner or agent name; null until a runner takes the job.")),
    group: nullable(text("Runner group, pool or queue, when the vendor says.")),
    labels: strings("Labels / tags the job asked for or the runner carries."),
  },
  { id: true },
);

const jobFailure = objectOf<JobFailure>(
  "Why a job did not succeed, classified.",
  {
    cause: {
      type: "string",
      description:
        "A short stable code. Runwatch's own classifier uses the codes in `examples`; the generic endpoint may send others.",
      examples: [...FAILURE_CAUSES],
    },
    step: nullable(text("The step that failed, when known.")),
    reason: nullable(
      text("The vendor's own reason, verbatim (GitLab `build_failure_reason`, Buildkite `signal_reason`…)."),
    ),
    category: nullable({
      type: "string",
      enum: ["infrastructure", "code"],
      description:
        "What the job's failing log lines say (only when a read token let Runwatch fetch them): the machine or network, or the code.",
    }),
  },
  { reason: true, category: true },
);

const jobEta = objectOf<JobEta>(
  'A queued job\'s predicted start (see the README, "Queue ETA", for its measured accuracy).',
  {
    startAt: isoTime("The best guess."),
    low: isoTime("The earliest likely start."),
    high: isoTime("The latest likely start."),
    basis: text('How it was reached, e.g. "position 3 of 5, 2 runners" or "position 1 of 2, 6 starts/h".'),
  },
  {},
);

const job = objectOf<Job>(
  "A CI job, normalised across vendors. Timestamps are ISO 8601 in UTC. Fields may be added, never renamed.",
  {
    id: text(
      '`"<source>:<vendor job id>"`, stable across every event of the job, e.g. `github:30000000128`.',
    ),
    source,
    repo: text('`"owner/name"`, a GitLab project path, or a Jenkins job path.'),
    workflow: text("Workflow / pipeline name (GitLab: the stage); empty when the vendor did not say."),
    name: text("Job name."),
    runId: text("The vendor's run id; the job's run is `<source>:<runId>`."),
    attempt: { type: "integer", minimum: 1, description: "1 for the first attempt; re-runs count up." },
    branch: nullable(text()),
    sha: nullable(text()),
    status: status("The job's status."),
    queuedAt: nullable(isoTime("When the job was queued.")),
    startedAt: nullable(isoTime("When a runner started it.")),
    finishedAt: nullable(isoTime("When it finished (terminal statuses only).")),
    queueMs: nullable({
      type: "integer",
      minimum: 0,
      description: "startedAt − queuedAt, when both are known.",
    }),
    durationMs: nullable({
      type: "integer",
      minimum: 0,
      description: "finishedAt − startedAt, when both are known.",
    }),
    runner: { $ref: "#/components/schemas/JobRunner" },
    url: nullable(text("Link to the job in the vendor's UI.")),
    failure: nullable(ref("JobFailure")),
    steps: { type: "array", items: ref("JobStep") },
    author: nullable(
      text(
        "Who triggered the job (GitHub `sender.login`, GitLab `user.username`, Buildkite `build.creator`, generic `job.author`); absent when the vendor does not say (Jenkins).",
      ),
    ),
    lost: {
      type: "boolean",
      description:
        "True while the job is queued or running but no event has arrived for longer than RUNWATCH_LOST_JOB_MINUTES (a delivery was probably lost). Cleared by the next event.",
    },
    superseded: {
      type: "boolean",
      description:
        "True on a cancelled job a newer run superseded: a newer run of the same repo, workflow and branch was queued before its cancellation or within 60 s after (inferred, whichever arrives first). Absent otherwise.",
    },
    lostMarkedAt: isoTime(
      "When an admin marked the job lost (`POST /api/v1/jobs/{id}/lost`): it then leaves the queue figures. Cleared by the next vendor event that moves it on. Absent otherwise.",
    ),
    eta: nullable({
      ...ref("JobEta"),
      description:
        'On a queued or waiting job: its predicted start, or null when its pool has too little history ("not enough data"). Absent on other jobs.',
    }),
  },
  { lost: true, author: true, superseded: true, lostMarkedAt: true, eta: true },
);

const pipelineRun = objectOf<PipelineRun>(
  "A pipeline run (GitHub workflow run, GitLab pipeline, Buildkite build, Jenkins build), normalised.",
  {
    id: text('`"<source>:<vendor run id>"`.'),
    source,
    repo: text(),
    workflow: text("Workflow / pipeline name."),
    runId: text("The vendor's run id: equal to `Job.runId` of every job of the run."),
    number: nullable({
      type: "integer",
      description: "The number people see (run number, pipeline iid, build number).",
    }),
    attempt: { type: "integer", minimum: 1 },
    trigger: nullable(
      text("What triggered the run (`push`, `pull_request`, `schedule`, `api`…), when known."),
    ),
    branch: nullable(text()),
    sha: nullable(text()),
    status: status("The run's status."),
    queuedAt: nullable(isoTime("When the run was created.")),
    startedAt: nullable(isoTime("When it started.")),
    finishedAt: nullable(isoTime("When it finished.")),
    durationMs: nullable({
      type: "integer",
      minimum: 0,
      description: "finishedAt − startedAt, once finished.",
    }),
    url: nullable(text("Link to the run in the vendor's UI.")),
    reported: {
      type: "boolean",
      description:
        "True once the vendor reported the run itself (workflow_run, Pipeline Hook, build.*); false for a run known only through its jobs, whose status is derived from them.",
    },
    superseded: {
      type: "boolean",
      description:
        "True on a cancelled run a newer run of the same repo, workflow and branch superseded (queued before its cancellation or within 60 s after). Absent otherwise.",
    },
  },
  { superseded: true },
);

const runJobCounts: JsonSchema = {
  type: "object",
  description: "How many jobs of the run are in each status (statuses with none are absent).",
  properties: {
    total: count("All jobs of the run."),
    ...Object.fromEntries(JOB_STATUSES.map((s) => [s, count(`Jobs that are ${s}.`)])),
  },
  required: ["total"],
};

const runListItem: JsonSchema = {
  allOf: [
    ref("PipelineRun"),
    objectOf<Omit<RunListItem, keyof PipelineRun>>(
      "A run in the list, with a count of its jobs.",
      { jobs: runJobCounts },
      {},
    ),
  ],
};

const runner = objectOf<Runner>(
  "A runner or agent, with its effective status now.",
  {
    id: text('`"<source>:<runner name>"`.'),
    source,
    name: text(),
    group: nullable(text("Runner group, pool or queue, when the vendor says.")),
    labels: strings("Labels / tags: the pool a job asks for."),
    status: {
      type: "string",
      enum: [...RUNNER_STATUSES],
      description:
        "`busy` while running a job; `offline` after a Buildkite agent disconnect, or when idle and not heard of for RUNWATCH_RUNNER_OFFLINE_MINUTES. A busy runner is never timed out (its job is flagged lost instead).",
    },
    currentJobId: nullable(text("The job it is running, while busy.")),
    lastSeenAt: isoTime("The last time any event mentioned this runner."),
    connected: nullable({
      type: "boolean",
      description:
        "What agent events said: true after a connect, false after a disconnect or stop; null when the vendor sends no agent events.",
    }),
    agentEventAt: isoTime("The newest agent event applied, when any."),
    kind: {
      type: "string",
      enum: [...RUNNER_KINDS],
      description:
        "`hosted` (the vendor's machine), `self-hosted` (yours, job after job) or `ephemeral` (yours, one job). See docs/api.md, Runner kinds.",
    },
    kindSource: {
      type: "string",
      enum: [...RUNNER_KIND_SOURCES],
      description: "Why it is that kind: its pool's setting, what the vendor sent, or how it behaved.",
    },
    retired: {
      type: "boolean",
      description: "A hosted or ephemeral runner whose job is over: gone, not idle capacity, listed no more.",
    },
    jobs: count("Distinct jobs it has taken (absent on runners stored before it was kept)."),
    lastJobId: text("The last job it took."),
    poolKind: {
      type: "string",
      enum: [...RUNNER_KINDS],
      description: "The kind set for its pool (PUT /api/v1/pools/{pool}/kind), when one is.",
    },
  },
  { agentEventAt: true, jobs: true, lastJobId: true, poolKind: true },
);

const outcomeCounts: JsonSchema = {
  type: "object",
  description:
    "Deliveries by outcome. `rejected`: bad or missing signature; `invalid`: bad body, media type or unset secret; `ignored`: verified events Runwatch does not read.",
  properties: Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, count(`Deliveries ${o}.`)])),
  required: [...DELIVERY_OUTCOMES],
};

const sourceHealth = objectOf<SourceHealth>(
  "Delivery health of one webhook endpoint.",
  {
    source,
    counts: outcomeCounts,
    lastDeliveryAt: nullable(isoTime("The last delivery of any outcome.")),
    lastAcceptedAt: nullable(isoTime("The last accepted (or duplicate / ignored) delivery.")),
    lastRefusedAt: nullable(isoTime("The last refused (rejected / invalid) delivery.")),
    configured: {
      type: "boolean",
      description: "Whether the endpoint's secret is set; an unconfigured endpoint refuses everything.",
    },
    secretVariables: strings("Environment variables that configure the endpoint."),
    path: text("Path of the endpoint, e.g. `/api/v1/webhooks/github`."),
    lostJobs: count("Jobs of this source flagged lost."),
  },
  {},
);

const apiError = objectOf<ApiError>(
  "Every error answer, from every endpoint.",
  {
    error: objectOf<ApiError["error"]>(
      "What went wrong.",
      {
        code: text(
          "A stable code, e.g. `invalid_query`, `unauthenticated`, `invalid_signature`, `rate_limited`.",
        ),
        message: text("A sentence for people."),
        field: text("The input to blame (query parameter, dotted body path or header name), when one is."),
      },
      { field: true },
    ),
  },
  {},
);

/** Every component schema, by name. */
export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  ApiError: apiError,
  JobStatus: { type: "string", enum: [...JOB_STATUSES] },
  JobSource: { type: "string", enum: [...JOB_SOURCES] },
  Job: job,
  JobStep: jobStep,
  JobRunner: jobRunner,
  JobFailure: jobFailure,
  JobEta: jobEta,
  JobList: page("Job", "`GET /api/v1/jobs`: newest first."),
  PipelineRun: pipelineRun,
  RunListItem: runListItem,
  RunList: page("RunListItem", "`GET /api/v1/runs`: newest first."),
  RunDetail: {
    type: "object",
    description: "A run and all its jobs.",
    properties: { run: ref("PipelineRun"), jobs: { type: "array", items: ref("Job") } },
    required: ["run", "jobs"],
  },
  Runner: runner,
  RunnerList: {
    type: "object",
    properties: { items: { type: "array", items: ref("Runner") } },
    required: ["items"],
  },
  SourceHealth: sourceHealth,
  SourceList: {
    type: "object",
    description: "One entry per webhook endpoint, configured or not.",
    properties: { items: { type: "array", items: ref("SourceHealth") } },
    required: ["items"],
  },
  WebhookAccepted: objectOf<WebhookAccepted>(
    "The delivery is durably stored (never sent before).",
    {
      accepted: { const: true },
      duplicate: {
        type: "boolean",
        description: "True for a redelivery of an event already stored; counted once.",
      },
    },
    {},
  ),
  Pong: {
    type: "object",
    description: "Answer to a vendor's connectivity check.",
    properties: { ok: { const: true }, pong: { const: true } },
    required: ["ok", "pong"],
  },
  GenericDelivery: {
    ...fromZod(genericDeliverySchema),
    description:
      "The generic webhook body, version 1: the normalised job as input. Required: `version`, `job.id`, `job.repo`, `job.name`, `job.status`. Unknown fields are ignored. The stored id is `generic:<job.id>`.",
  },
  ...METRICS_SCHEMAS,
  ...FLEET_SCHEMAS,
  ...STALL_SCHEMAS,
  ...QUEUE_DEPTH_SCHEMAS,
  ...JOB_SEARCH_SCHEMAS,
  ...USAGE_SCHEMAS,
  ...SLO_SCHEMAS,
  ...AUTH_SCHEMAS,
  ...ALERT_SCHEMAS,
  ...EVIDENCE_SCHEMAS,
};
