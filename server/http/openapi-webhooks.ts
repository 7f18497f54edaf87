/**
 * The webhook half of the OpenAPI document: one operation per vendor
 * endpoint, with the headers each vendor sends, how each authenticates
 * (security schemes) and the answers of `webhook-routes.ts`. Contract:
 * docs/webhooks.md; test/fixtures/README.md for each vendor's scheme.
 */
import type { JobSource } from "../../lib/job";
import { ref, type JsonSchema } from "./openapi-schema-kit";
import { GENERIC_EXAMPLE } from "../../lib/generic";

/** What the document says about one vendor's endpoint. */
interface WebhookDoc {
  summary: string;
  description: string;
  /** Headers besides the credentials, as OpenAPI header parameters. */
  headers: JsonSchema[];
  /** Alternatives: any one of these security requirements authenticates a delivery. */
  security: Record<string, string[]>[];
  body: JsonSchema;
  example?: unknown;
  /** Whether the vendor sends a connectivity check answered with 200. */
  ping: boolean;
}

const header = (
  name: string,
  description: string,
  required = false,
  schema: JsonSchema = { type: "string" },
) => ({
  name,
  in: "header",
  required,
  description,
  schema,
});

const vendorBody = (description: string): JsonSchema => ({ type: "object", description });

// Every source must be documented: a new JobSource fails the type-check here.
const WEBHOOKS: Record<JobSource, WebhookDoc> = {
  github: {
    summary: "GitHub Actions webhook",
    description:
      "Deliveries from a GitHub repository or organisation webhook (content type `application/json`). `workflow_job` and `workflow_run` events are stored; `ping` is answered with 200; other events are accepted and ignored. GitHub never retries a failed delivery: redeliver it from the webhook's Recent Deliveries tab (it keeps its `X-GitHub-Delivery`, so it is counted once).",
    headers: [
      header(
        "X-GitHub-Event",
        "`workflow_job`, `workflow_run` or `ping` (others are accepted and ignored).",
        true,
      ),
      header("X-GitHub-Delivery", "The delivery's GUID: the dedupe key (a redelivery keeps it)."),
    ],
    security: [{ githubSignature: [] }],
    body: vendorBody(
      "GitHub's `workflow_job` or `workflow_run` payload, as GitHub sends it (https://docs.github.com/webhooks/webhook-events-and-payloads).",
    ),
    ping: true,
  },
  gitlab: {
    summary: "GitLab CI webhook",
    description:
      "Deliveries from a GitLab project or group webhook with Job events and Pipeline events. `Job Hook` and `Pipeline Hook` are stored; other events are accepted and ignored. Authenticated by the secret token, the signing token (Standard Webhooks), or either when both are set. Deduplicated on `Idempotency-Key` (or `webhook-id`), which stays the same across retries and Resend request.",
    headers: [
      header("X-Gitlab-Event", "`Job Hook` or `Pipeline Hook` (others are accepted and ignored).", true),
      header("Idempotency-Key", "The dedupe key (GitLab 17.4+)."),
      header(
        "webhook-id",
        "Standard Webhooks delivery id (equal to Idempotency-Key); signed, and a dedupe key.",
      ),
      header(
        "webhook-timestamp",
        "Standard Webhooks: Unix seconds; refused when further than RUNWATCH_SIGNATURE_TOLERANCE_SECONDS from the server's clock.",
      ),
    ],
    security: [{ gitlabToken: [] }, { gitlabSignature: [] }],
    body: vendorBody(
      "GitLab's Job Hook (`object_kind: build`) or Pipeline Hook (`object_kind: pipeline`) payload (https://docs.gitlab.com/user/project/integrations/webhook_events/).",
    ),
    ping: false,
  },
  buildkite: {
    summary: "Buildkite webhook",
    description:
      "Deliveries from a Buildkite Notification Services webhook. `job.*` (command jobs), `build.*` and `agent.*` events are stored; `ping` is answered with 200; other events are accepted and ignored. Buildkite sends no delivery id, so Runwatch derives one from the event, the object's id, its state and the time that dates the event: a redelivery is counted once.",
    headers: [
      header(
        "X-Buildkite-Event",
        "e.g. `job.finished`, `build.running`, `agent.connected`, `ping`; the body's `event` field is used when absent.",
        false,
      ),
    ],
    security: [{ buildkiteSignature: [] }, { buildkiteToken: [] }],
    body: vendorBody("Buildkite's webhook payload (https://buildkite.com/docs/apis/webhooks/pipelines)."),
    ping: true,
  },
  jenkins: {
    summary: "Jenkins webhook (Notification plugin)",
    description:
      "Deliveries from the Jenkins Notification plugin (Format JSON, Protocol HTTP, Event All Events). Each build is one run and one job; the phases `QUEUED`, `STARTED`, `COMPLETED` and `FINALIZED` move it along, and `build.status` gives the result once completed. The plugin cannot sign its requests, so it authenticates with HTTP Basic credentials written into the endpoint URL (`https://runwatch:<RUNWATCH_JENKINS_TOKEN>@host/api/v1/webhooks/jenkins`): use HTTPS. It sends no delivery id: `<job path>#<build number>:<phase>` identifies a delivery.",
    headers: [],
    security: [{ jenkinsBasic: [] }],
    body: {
      type: "object",
      description:
        "The Notification plugin's JSON (https://plugins.jenkins.io/notification/). Read: `name`, `display_name`, `url`, and `build.{number, phase, status, full_url, timestamp, duration, scm.{url, branch, commit}}`.",
      required: ["name", "build"],
      properties: {
        name: { type: "string" },
        build: {
          type: "object",
          required: ["number", "phase"],
          properties: {
            number: { type: "integer", minimum: 1 },
            phase: { type: "string", examples: ["QUEUED", "STARTED", "COMPLETED", "FINALIZED"] },
            status: {
              type: ["string", "null"],
              examples: ["SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED"],
            },
          },
        },
      },
    },
    ping: false,
  },
  generic: {
    summary: "Generic webhook (any runner or script)",
    description:
      "The normalised job as input, so any runner or script can report in a few lines of shell. Sign the exact body bytes with HMAC-SHA256 under RUNWATCH_GENERIC_SECRET and send `X-Runwatch-Signature-256: sha256=<hex>`. Send a unique `X-Runwatch-Delivery` per event so a retry is counted once; without it, identical bodies are treated as the same delivery. Posting the same `job.id` again updates the same job; a late `running` never overwrites a finished job.",
    headers: [
      header(
        "X-Runwatch-Delivery",
        "Your id for this delivery (at most 200 characters): the dedupe key. When absent, the body's SHA-256 is used.",
        false,
        { type: "string", maxLength: 200 },
      ),
    ],
    security: [{ genericSignature: [] }],
    body: ref("GenericDelivery"),
    example: GENERIC_EXAMPLE,
    ping: false,
  },
};

/** Security schemes of the webhook endpoints. */
export const WEBHOOK_SECURITY_SCHEMES: Record<string, JsonSchema> = {
  githubSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Hub-Signature-256",
    description:
      "`sha256=<hex HMAC-SHA256 of the raw body>` under RUNWATCH_GITHUB_SECRET (GitHub's webhook secret).",
  },
  gitlabToken: {
    type: "apiKey",
    in: "header",
    name: "X-Gitlab-Token",
    description: "GitLab's secret token, in plain text: RUNWATCH_GITLAB_TOKEN.",
  },
  gitlabSignature: {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description:
      'Standard Webhooks, as GitLab signing tokens use it: `v1,<base64 HMAC-SHA256>` of `"<webhook-id>.<webhook-timestamp>.<raw body>"`, keyed by the base64-decoded RUNWATCH_GITLAB_SIGNING_TOKEN (`whsec_…`, prefix removed). Needs the `webhook-id` and `webhook-timestamp` headers; a stale timestamp is refused.',
  },
  buildkiteSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Buildkite-Signature",
    description:
      "`timestamp=<unix seconds>,signature=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\">` under RUNWATCH_BUILDKITE_TOKEN (Buildkite's signature mode, recommended). A timestamp further than RUNWATCH_SIGNATURE_TOLERANCE_SECONDS from the server's clock is refused. When present it decides alone.",
  },
  buildkiteToken: {
    type: "apiKey",
    in: "header",
    name: "X-Buildkite-Token",
    description: "Buildkite's plain token mode: RUNWATCH_BUILDKITE_TOKEN in plain text.",
  },
  jenkinsBasic: {
    type: "http",
    scheme: "basic",
    description:
      "Any user name; the password is RUNWATCH_JENKINS_TOKEN (percent-encoded or not). The Notification plugin sends it from the `user:password@` part of its URL.",
  },
  genericSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Runwatch-Signature-256",
    description:
      "`sha256=<hex HMAC-SHA256 of the raw body>` under RUNWATCH_GENERIC_SECRET. Pair it with `X-Runwatch-Delivery`, the dedupe key.",
  },
};

const error = (description: string, example?: { code: string; message: string; field?: string }) => ({
  description,
  content: {
    "application/json": { schema: ref("ApiError"), ...(example ? { example: { error: example } } : {}) },
  },
});

/** The OpenAPI operation of one vendor's endpoint; `secretVariables` configure it. */
export function webhookOperation(source: JobSource, secretVariables: readonly string[]): JsonSchema {
  const doc = WEBHOOKS[source];
  return {
    tags: ["Webhooks"],
    operationId: `webhook_${source}`,
    summary: doc.summary,
    description: doc.description,
    "x-runwatch-access": "webhook",
    security: doc.security,
    ...(doc.headers.length > 0 ? { parameters: doc.headers } : {}),
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: doc.body, ...(doc.example ? { example: doc.example } : {}) },
      },
    },
    responses: {
      "202": {
        description:
          "Stored (durably, before this answer). A redelivery is acknowledged with `duplicate: true`.",
        content: { "application/json": { schema: ref("WebhookAccepted") } },
      },
      ...(doc.ping
        ? {
            "200": {
              description: "A `ping`, answered and not stored.",
              content: { "application/json": { schema: ref("Pong") } },
            },
          }
        : {}),
      "400": error(
        "The body is not a JSON object, a required field or header is missing or malformed, or a time is before 2000-01-01 or more than 24 h ahead (`field` names the normalised time, e.g. `job.startedAt`); `field` names it.",
        {
          code: "invalid_payload",
          message: source === "generic" ? "job.status is required" : "body is not valid JSON",
          ...(source === "generic" ? { field: "job.status" } : { field: "body" }),
        },
      ),
      "401": error(
        `Missing or wrong credentials (\`invalid_signature\`, audited), or the endpoint is not configured (\`source_not_configured\`: set ${secretVariables.join(" or ")} on the server).`,
      ),
      "413": error("The body is larger than RUNWATCH_BODY_LIMIT.", {
        code: "payload_too_large",
        message: "the body is larger than RUNWATCH_BODY_LIMIT (1048576 bytes)",
      }),
      "415": error("`Content-Type` is not `application/json`.", {
        code: "unsupported_media_type",
        message: "Content-Type must be application/json (got application/x-www-form-urlencoded)",
      }),
      "429": { $ref: "#/components/responses/RateLimited" },
      "503": { $ref: "#/components/responses/ShuttingDown" },
    },
  };
}
