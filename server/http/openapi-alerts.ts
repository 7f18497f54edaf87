/**
 * The alerting operations of the OpenAPI document (`alert-routes.ts`):
 * channels and alert rules (provisioned as code) and the fired-alert list.
 * Bodies and answers are the component schemas of `openapi-alert-schemas.ts`.
 */
import { alertListQuerySchema } from "./alert-input";
import {
  errorResponse,
  json,
  operation,
  queryParameters,
  type Method,
  idParameter,
} from "./openapi-operation";
import { ref, type JsonSchema } from "./openapi-schema-kit";

const TAG = "Alerts";

const body = (schema: string) => ({
  required: true,
  content: { "application/json": { schema: ref(schema) } },
});

const badBody = { "400": errorResponse("BadRequest") };
const notFound = { "404": errorResponse("NotFound") };

/** The operations of the alerting routes, by OpenAPI path. */
export function alertPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  const channel = [idParameter("channel")];
  const rule = [idParameter("alert rule")];
  return {
    "/api/v1/channels": {
      get: operation("get", "listChannels", {
        tag: TAG,
        access: "admin",
        summary: "List notification channels",
        description: "Every channel, oldest first. Secrets are never returned; URLs are redacted.",
        responses: { "200": json(ref("ChannelList"), "Every channel.") },
      }),
      post: operation("post", "createChannel", {
        tag: TAG,
        access: "admin",
        summary: "Create a notification channel (audited)",
        description:
          "A URL whose host is, or resolves to, a loopback, private, link-local, unique-local, multicast, unspecified or cloud-metadata address (in any spelling: `127.1`, `2130706433`, `[::ffff:7f00:1]`…) is refused with 400 naming `config.url`, unless `RUNWATCH_OUTBOUND_ALLOW` names the host or holds the address. The same check is made again whenever anything is sent. Also on PATCH.",
        requestBody: body("ChannelInput"),
        responses: { "201": json(ref("Channel"), "Created."), ...badBody },
      }),
    },
    "/api/v1/channels/{id}": {
      get: operation("get", "getChannel", {
        tag: TAG,
        access: "admin",
        summary: "Get one channel",
        parameters: channel,
        responses: { "200": json(ref("Channel"), "The channel."), ...notFound },
      }),
      patch: operation("patch", "updateChannel", {
        tag: TAG,
        access: "admin",
        summary: "Change a channel (audited)",
        description:
          "A secret can be replaced (or removed with null) but never read back. The error names the field at fault, also when it is a stored one the change made invalid (e.g. `config.url` when switching to `email`).",
        parameters: channel,
        requestBody: body("ChannelPatch"),
        responses: { "200": json(ref("Channel"), "The channel as changed."), ...badBody, ...notFound },
      }),
      delete: operation("delete", "deleteChannel", {
        tag: TAG,
        access: "admin",
        summary: "Delete a channel (audited)",
        description: "Rules naming it keep its id and skip it.",
        parameters: channel,
        responses: { "204": { description: "Deleted." }, ...notFound },
      }),
    },
    "/api/v1/channels/{id}/test": {
      post: operation("post", "testChannel", {
        tag: TAG,
        access: "admin",
        summary: "Send a test notification through a channel (audited)",
        description:
          "Sends one test message now, without retries. A receiver that refuses or cannot be reached answers 200 with `ok: false`, its HTTP status when it answered, and the error. Takes no body.",
        parameters: channel,
        responses: {
          "200": json(ref("ChannelTestResult"), "What the receiver said."),
          ...notFound,
          "501": json(ref("ApiError"), "This server has no sender wired (`not_implemented`)."),
        },
      }),
    },
    "/api/v1/alert-rules": {
      get: operation("get", "listAlertRules", {
        tag: TAG,
        access: "read",
        summary: "List alert rules",
        description: "Every rule, oldest first, with kind defaults filled in.",
        responses: { "200": json(ref("AlertRuleList"), "Every rule.") },
      }),
      post: operation("post", "createAlertRule", {
        tag: TAG,
        access: "admin",
        summary: "Create an alert rule (audited)",
        requestBody: body("AlertRuleInput"),
        responses: {
          "201": json(ref("AlertRule"), "Created, with kind defaults filled in."),
          ...badBody,
        },
      }),
    },
    "/api/v1/alert-rules/{id}": {
      get: operation("get", "getAlertRule", {
        tag: TAG,
        access: "read",
        summary: "Get one alert rule",
        parameters: rule,
        responses: { "200": json(ref("AlertRule"), "The rule."), ...notFound },
      }),
      patch: operation("patch", "updateAlertRule", {
        tag: TAG,
        access: "admin",
        summary: "Change an alert rule, e.g. enable or disable it (audited)",
        description:
          'Only channel ids the change adds must name existing channels; ids of channels deleted since may stay. Disabling a rule resolves its open alerts (resolution "rule disabled"), notifies its channels and pushes each as `alert:fired`; the audit entry counts them (`resolvedAlerts`).',
        parameters: rule,
        requestBody: body("AlertRulePatch"),
        responses: { "200": json(ref("AlertRule"), "The rule as changed."), ...badBody, ...notFound },
      }),
      delete: operation("delete", "deleteAlertRule", {
        tag: TAG,
        access: "admin",
        summary: "Delete an alert rule (audited)",
        description:
          'Its fired alerts stay listed; those still open are resolved (resolution "rule deleted"), notified to its channels and pushed as `alert:fired`; the audit entry counts them (`resolvedAlerts`).',
        parameters: rule,
        responses: { "204": { description: "Deleted." }, ...notFound },
      }),
    },
    "/api/v1/alerts": {
      get: operation("get", "listAlerts", {
        tag: TAG,
        access: "read",
        summary: "List fired alerts with their deliveries",
        description:
          "A delivery's `lastError` may quote what a receiver answered: it is given to admins only, and is null for every other caller.",
        parameters: queryParameters(alertListQuerySchema, {
          cursor: "`nextCursor` of the previous page.",
          limit: "1 to 200. Default 50.",
          jobId: "Only the alerts this job opened, failed again in, or closed (the job page's alerts).",
        }),
        responses: { "200": json(ref("AlertList"), "A page of alerts, newest first."), ...badBody },
      }),
    },
    "/api/v1/alerts/open-count": {
      get: operation("get", "countOpenAlerts", {
        tag: TAG,
        access: "read",
        summary: "Count the alerts firing now",
        description:
          "What the navigation badge shows. Kept live by refetching on `alert:fired` (a firing notice opens one, a resolved notice closes one).",
        responses: { "200": json(ref("AlertOpenCount"), "How many alerts are firing.") },
      }),
    },
  };
}
