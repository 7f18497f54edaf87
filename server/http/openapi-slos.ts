/**
 * The OpenAPI operations and component schemas of `slo-routes.ts`: CI SLOs,
 * their error budgets and burn rates, typed against `lib/slo.ts`.
 */
import { SLO_LIMITS, sloInputSchema, type SloConsumer, type SloStatus } from "../../lib/slo";
import { errorResponse, json, operation, type Method, idParameter } from "./openapi-operation";
import {
  count,
  fromZod,
  isoTime,
  nullable,
  objectOf,
  ref,
  text,
  type JsonSchema,
} from "./openapi-schema-kit";

/** The tag of the SLO operations. */
export const SLO_TAG = {
  name: "SLOs",
  description: "CI service-level objectives with 28-day error budgets and multi-window burn-rate alerts.",
};

const burn = (window: string) =>
  nullable({
    type: "number",
    minimum: 0,
    description: `Bad share over the last ${window} divided by the share the target allows; null with no events.`,
  });

const consumer = objectOf<SloConsumer>(
  "An event that consumed budget.",
  {
    at: isoTime("When it went bad."),
    kind: { type: "string", enum: ["job", "run"] },
    id: text("The job's or run's id."),
    label: text("Repository · workflow (· job)."),
    detail: text("Why it was bad, e.g. `queued 4m 10s`."),
    path: text("Dashboard path to it."),
  },
  {},
);

const status = objectOf<SloStatus>(
  "Where an SLO stands.",
  {
    slo: ref("Slo"),
    at: isoTime("When it was computed."),
    budget: {
      type: "object",
      description: "The error budget over the 28-day window.",
      properties: {
        windowDays: { type: "integer", enum: [28] },
        events: count("Events in the window."),
        good: count("Good events."),
        bad: count("Bad events."),
        allowedBad: { type: "number", minimum: 0, description: "(1 − target) × events." },
        consumed: count("Bad events (the budget consumed)."),
        remainingPercent: nullable({
          type: "number",
          description: "100 × (allowedBad − bad) / allowedBad: negative once spent; null with no events.",
        }),
      },
      required: ["windowDays", "events", "good", "bad", "allowedBad", "consumed", "remainingPercent"],
    },
    burn: {
      type: "object",
      description: "Burn rates: 14.4 over both 1h and 5m pages, 6 over both 6h and 30m opens a ticket.",
      properties: {
        "1h": burn("hour"),
        "5m": burn("5 minutes"),
        "6h": burn("6 hours"),
        "30m": burn("30 minutes"),
      },
      required: ["1h", "5m", "6h", "30m"],
    },
    state: { type: "string", enum: ["ok", "slow_burn", "fast_burn", "no_data"] },
    consumers: {
      type: "array",
      items: ref("SloConsumer"),
      maxItems: SLO_LIMITS.consumers,
      description: "Bad events, newest first.",
    },
    note: nullable(
      text("A caveat on the figures (webhook_ack_p99: this node's histogram since it started)."),
    ),
  },
  {},
);

/** The SLO component schemas, by name. */
export const SLO_SCHEMAS: Record<string, JsonSchema> = {
  SloInput: { ...fromZod(sloInputSchema), description: "An SLO to create or the whole of one to replace." },
  Slo: {
    allOf: [
      ref("SloInput"),
      {
        type: "object",
        properties: {
          id: text(),
          origin: {
            type: "string",
            enum: ["api", "file"],
            description: "`file`: from RUNWATCH_SLO_FILE, read-only here.",
          },
          createdAt: isoTime("When it was created (a file SLO: when the file was read)."),
          updatedAt: isoTime("When it last changed."),
        },
        required: ["id", "origin", "createdAt", "updatedAt"],
      },
    ],
  },
  SloConsumer: consumer,
  SloStatus: status,
  SloList: {
    type: "object",
    description:
      "Every SLO with its status: the file's first, then those created here. A team-scoped caller sees only SLOs nothing outside its teams reaches (docs/teams.md).",
    properties: { items: { type: "array", items: ref("SloStatus") } },
    required: ["items"],
  },
};

const body = { required: true, content: { "application/json": { schema: ref("SloInput") } } };
const readOnly = { "409": json(ref("ApiError"), "The SLO comes from RUNWATCH_SLO_FILE (`read_only`).") };

/** The SLO operations, by OpenAPI path. */
export function sloPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  const tag = SLO_TAG.name;
  return {
    "/api/v1/slos": {
      get: operation("get", "listSlos", {
        tag,
        access: "read",
        summary: "Every SLO with its error budget, burn rates and the events that consumed it",
        responses: { "200": json(ref("SloList"), "Every SLO.") },
      }),
      post: operation("post", "createSlo", {
        tag,
        access: "admin",
        summary: "Create an SLO",
        description:
          "Validated strictly; the 400 names the field (e.g. `objective.kind` for an unknown metric, `objective.pool` for a pool no job or pool setting names, `target` outside (0, 100)). Recorded as `slo.created`.",
        requestBody: body,
        responses: { "201": json(ref("Slo"), "Created."), "400": errorResponse("BadRequest") },
      }),
    },
    "/api/v1/slos/{id}": {
      get: operation("get", "getSlo", {
        tag,
        access: "read",
        summary: "One SLO's status: budget over 28 days, burn rates over 1h, 5m, 6h and 30m, consumers",
        parameters: [idParameter("SLO")],
        responses: { "200": json(ref("SloStatus"), "The SLO now."), "404": errorResponse("NotFound") },
      }),
      put: operation("put", "replaceSlo", {
        tag,
        access: "admin",
        summary: "Replace an SLO",
        description: "Recorded as `slo.updated`. A file SLO answers 409.",
        parameters: [idParameter("SLO")],
        requestBody: body,
        responses: {
          "200": json(ref("Slo"), "Replaced."),
          "400": errorResponse("BadRequest"),
          "404": errorResponse("NotFound"),
          ...readOnly,
        },
      }),
      delete: operation("delete", "deleteSlo", {
        tag,
        access: "admin",
        summary: "Delete an SLO",
        description:
          "Recorded as `slo.deleted`. Its open slo_burn alerts resolve at the next tick. A file SLO answers 409.",
        parameters: [idParameter("SLO")],
        responses: { "204": { description: "Deleted." }, "404": errorResponse("NotFound"), ...readOnly },
      }),
    },
  };
}
