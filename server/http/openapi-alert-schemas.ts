/**
 * Component schemas of the alerting routes (`alert-routes.ts`): request
 * bodies from the `lib/alerts.ts` zod schemas the routes validate with, and
 * answers typed against their interfaces (`objectOf`) so a field added there
 * fails the type-check until it is documented here.
 */
import {
  ALERT_LIMITS,
  ALERT_RULE_KINDS,
  CHANNEL_KINDS,
  JOB_STATE_EVENTS,
  MATCH_KEYS,
  RULE_KIND_SPECS,
  SEVERITIES,
  alertRuleInputSchema,
  alertRulePatchSchema,
  channelInputSchema,
  channelPatchSchema,
  type Alert,
  type AlertCause,
  type AlertDelivery,
  type AlertFact,
  type AlertJob,
  type AlertListResponse,
  type AlertOpenCount,
  type AlertMatch,
  type AlertRuleKind,
  type AlertRule,
  type AlertWhere,
  type Channel,
} from "../../lib/alerts";
import type { ChannelTestResult } from "./alert-channel-routes";
import {
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

const ms = (description: string): JsonSchema => ({ type: "integer", minimum: 0, description });
const oneOf = (values: readonly string[], description?: string): JsonSchema => ({
  type: "string",
  enum: [...values],
  ...(description ? { description } : {}),
});
const items = (item: string, description: string): JsonSchema => ({
  type: "object",
  description,
  properties: { items: { type: "array", items: ref(item) } },
  required: ["items"],
});
const withDescription = (schema: JsonSchema, description: string): JsonSchema => ({ ...schema, description });

const channel = objectOf<Channel>(
  "A channel as the API shows it: the secret is never returned and the URL (itself a credential for Slack, Teams and Discord) is redacted.",
  {
    id: text("`ch_…`"),
    name: text(),
    kind: oneOf(CHANNEL_KINDS),
    url: nullable(
      text("Scheme, host and the URL's last four characters, e.g. `https://hooks.slack.com/…Xy9z`."),
    ),
    to: nullable(strings("email: the recipients.")),
    hasSecret: { type: "boolean", description: "webhook: whether deliveries are signed." },
    createdAt: isoTime("When it was created."),
    updatedAt: isoTime("When it was last changed."),
  },
  {},
);

const match = objectOf<AlertMatch>(
  "Globs (`*` any run of characters, `/` included; `?` one character; `\\` escapes); every one given must match. Which keys a kind accepts, and which must be exact, is in the rule input's description.",
  Object.fromEntries(MATCH_KEYS.map((key) => [key, text()])) as Record<keyof AlertMatch, JsonSchema>,
  Object.fromEntries(MATCH_KEYS.map((key) => [key, true])) as Record<keyof AlertMatch, true>,
);

const alertRule = objectOf<AlertRule>(
  "A rule as the API shows it: every kind default filled in, null where the kind takes none.",
  {
    id: text("`rule_…`"),
    name: text(),
    enabled: { type: "boolean" },
    severity: oneOf(SEVERITIES),
    kind: oneOf(ALERT_RULE_KINDS),
    match: ref("AlertMatch"),
    on: {
      type: "array",
      items: oneOf(JOB_STATE_EVENTS),
      description: "job_state: which transitions notify; empty otherwise.",
    },
    threshold: nullable({
      type: "number",
      description:
        "Unit per kind: ms (queue_time, stuck_job, runner_offline, source_silent), a 0..1 success rate (success_rate) or a relative growth (duration_regression, 0.2 = 20% slower).",
    }),
    windowMs: nullable(ms("The window the condition is measured over, for the kinds that take one.")),
    cooldownMs: ms("While a condition holds, no repeat notification before this much time has passed."),
    scope: nullable(
      oneOf(
        ["runner", "pool"],
        "runner_offline: one alert per offline runner, or per pool whose runners are all offline.",
      ),
    ),
    channels: strings("Channel ids. A channel deleted since is kept here and skipped."),
    createdAt: isoTime("When it was created."),
    updatedAt: isoTime("When it was last changed."),
  },
  {},
);

const alertWhere = objectOf<AlertWhere>(
  "Where an alert's subject lives; each field only when it applies.",
  {
    source: text(),
    repo: text(),
    branch: nullable(text()),
    workflow: text(),
    job: text(),
    runner: nullable(text()),
    pool: text("A runner pool (label set)."),
  },
  { source: true, repo: true, branch: true, workflow: true, job: true, runner: true, pool: true },
);

const alertJob = objectOf<AlertJob>(
  "A snapshot of the job an alert is about, so the alert reads the same after retention deletes the job.",
  {
    id: text(),
    source: ref("JobSource"),
    repo: text(),
    workflow: text(),
    name: text(),
    branch: nullable(text()),
    sha: nullable(text()),
    status: ref("JobStatus"),
    finishedAt: nullable(isoTime("When the job finished.")),
    url: nullable(text("The job in the vendor's UI.")),
    runner: nullable(text("The runner's name.")),
  },
  {},
);

const alert = objectOf<Alert>(
  "A fired alert: one per incident of (rule, subject), from firing until resolved.",
  {
    id: text(),
    ruleId: text(),
    ruleName: text(),
    kind: oneOf(ALERT_RULE_KINDS),
    severity: oneOf(SEVERITIES),
    state: oneOf(["firing", "resolved"]),
    event: oneOf(
      [...JOB_STATE_EVENTS, "triggered", "reminder", "resolved"],
      "The latest event: a job-state transition, or a condition that triggered, still fires (reminder) or resolved.",
    ),
    subject: text("What the alert is about within its rule (a job series, a pool, a runner, a source…)."),
    summary: text("One sentence: what happened."),
    where: ref("AlertWhere"),
    facts: {
      type: "array",
      items: objectOf<AlertFact>("One labelled figure.", { label: text(), value: text() }, {}),
    },
    since: nullable(isoTime("When the condition began.")),
    firedAt: isoTime("When it fired."),
    resolvedAt: nullable(isoTime("When it resolved.")),
    job: nullable(ref("AlertJob")),
    link: nullable(text("The dashboard view: absolute when a public URL is configured, else a path.")),
    openedBy: nullable(ref("AlertCause")),
    closedBy: nullable(ref("AlertCause")),
    resolution: nullable(
      text(
        'Once resolved, what changed, in one sentence: the fix, the waiting job that started ("Job test (acme/api · CI) started after 12m in queue on pool linux."), "rule disabled", "rule deleted".',
      ),
    ),
  },
  {},
);

const alertCause = objectOf<AlertCause>(
  "The job and pipeline run whose event opened or closed an alert (the failing job that broke a series, the job that fixed it, the waiting job that started).",
  {
    jobId: text("The job, as `GET /jobs/:id` takes it."),
    runId: nullable(
      text("Its pipeline run, as `GET /runs/:id` takes it; null when the job is no longer stored."),
    ),
  },
  {},
);

const delivery = objectOf<AlertDelivery>(
  "One notification of an alert to one channel, retried until sent or given up.",
  {
    id: text(),
    alertId: text(),
    channelId: text(),
    notice: oneOf(["firing", "reminder", "resolved"]),
    status: oneOf(["pending", "sent", "failed"]),
    attempts: { type: "integer", minimum: 0 },
    lastError: nullable(
      text(
        "Why the last attempt failed: a fixed text, then what the receiver said, sanitised. Admins only: null for every other caller.",
      ),
    ),
    nextAttemptAt: nullable(isoTime("When the next attempt is due (pending only).")),
    sentAt: nullable(isoTime("When it was sent.")),
  },
  {},
);

type AlertListItem = AlertListResponse["items"][number];

const channelTest = objectOf<ChannelTestResult>(
  "The outcome of a test notification. A receiver that refuses or cannot be reached is `ok: false`, not a server error.",
  {
    ok: { type: "boolean" },
    status: { type: "integer", description: "The receiver's HTTP status, when it answered." },
    error: text(
      'Why it failed, as a fixed text: "HTTP 500 from receiver", "redirect refused (HTTP 302)", "connection refused", "timed out", "host not found", "address not allowed by the outbound policy"…',
    ),
    detail: text("The start of the receiver's answer, control characters removed, at most 200 characters."),
  },
  { status: true, error: true, detail: true },
);

const kinds = (test: (spec: (typeof RULE_KIND_SPECS)[AlertRuleKind]) => boolean) =>
  ALERT_RULE_KINDS.filter((kind) => test(RULE_KIND_SPECS[kind]))
    .map((kind) => `\`${kind}\``)
    .join(", ");

const RULE_RULES = `Kind-specific: \`on\` is required by \`job_state\` and refused by the others; \`threshold\` is required by ${kinds((s) => s.threshold?.fallback === null)} and refused by ${kinds((s) => s.threshold === null)}; \`windowMs\` is refused by ${kinds((s) => s.windowMs === null)}; \`cooldownMs\` is at least ${ALERT_LIMITS.minTickCooldownMs} ms except for \`job_state\`; \`scope\` is refused by all but \`runner_offline\`; \`match\` keys a kind does not filter on are refused. Each \`channels\` id must name a channel. \`match.slo\` (\`slo_burn\` only: an SLO's id or name) without wildcards must name an existing SLO. Unknown keys are refused.`;

const CHANNEL_RULES = `Kind-specific: \`email\` needs \`to\` and takes no \`url\`; every other kind needs \`url\` (http or https) and takes no \`to\`; only \`webhook\` takes a \`secret\` (${ALERT_LIMITS.secretMin}–${ALERT_LIMITS.secretMax} characters; write-only). Unknown keys are refused.`;

/** The alerting component schemas, by name. */
export const ALERT_SCHEMAS: Record<string, JsonSchema> = {
  ChannelInput: withDescription(fromZod(channelInputSchema), `A channel to create. ${CHANNEL_RULES}`),
  ChannelPatch: withDescription(
    fromZod(channelPatchSchema),
    `Any subset of a channel. \`config\` merges key by key into the stored one (the secret need not be resent); a key set to null is removed. The merged channel is then checked as a whole. ${CHANNEL_RULES}`,
  ),
  Channel: channel,
  ChannelList: items("Channel", "Every channel, oldest first."),
  ChannelTestResult: channelTest,
  AlertRuleInput: withDescription(fromZod(alertRuleInputSchema), `A rule to create. ${RULE_RULES}`),
  AlertRulePatch: withDescription(
    fromZod(alertRulePatchSchema),
    `Any subset of a rule (\`{ "enabled": false }\` disables it). An optional field set to null goes back to its default; \`match\` and \`on\` replace the stored ones as a whole. The merged rule is then checked as a whole. ${RULE_RULES}`,
  ),
  AlertRule: alertRule,
  AlertRuleList: items("AlertRule", "Every rule, oldest first."),
  AlertMatch: match,
  AlertWhere: alertWhere,
  AlertJob: alertJob,
  AlertCause: alertCause,
  Alert: alert,
  AlertDelivery: delivery,
  AlertListItem: {
    allOf: [
      ref("Alert"),
      objectOf<Pick<AlertListItem, "deliveries">>(
        "The alert's notifications.",
        { deliveries: { type: "array", items: ref("AlertDelivery") } },
        {},
      ),
    ],
  },
  AlertList: page("AlertListItem", "`GET /api/v1/alerts`: newest first, each with its deliveries."),
  AlertOpenCount: objectOf<AlertOpenCount>(
    "`GET /api/v1/alerts/open-count`.",
    { open: { type: "integer", minimum: 0, description: "Alerts firing now." } },
    {},
  ),
};
