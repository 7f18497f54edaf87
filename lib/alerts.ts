/**
 * Alerting contract (docs/api.md, "Alerting"): channel and alert-rule
 * input schemas, the shapes the API answers with, and the `alert:fired`
 * payload. Shared by the server (validation), the OpenAPI document, scripts
 * and the dashboard; browser-safe. Fields may be added, never renamed.
 *
 * Input schemas reject unknown keys (alerting is provisioned as code, and a
 * silently dropped `treshold` typo would be a rule that never fires). They only
 * validate (no transforms), so they convert to JSON Schema as is. For PATCH,
 * merge the patch onto the stored input and parse the result with the full
 * schema, so kind-specific checks see the whole object.
 */
import { z } from "zod";
import { isoTimestampSchema, JOB_SOURCES, jobSchema } from "./job";

/** Where alerts can be sent. */
export const CHANNEL_KINDS = ["slack", "teams", "discord", "email", "webhook"] as const;
/** A channel kind. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** What alert rules can watch. */
export const ALERT_RULE_KINDS = [
  "job_state",
  "queue_time",
  "stuck_job",
  "success_rate",
  "duration_regression",
  "runner_offline",
  "source_silent",
] as const;
/** An alert rule kind. */
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
/** How loud an alert is. */
export const SEVERITIES = ["info", "warning", "critical"] as const;
/** An alert severity. */
export type Severity = (typeof SEVERITIES)[number];
/** Job-state transitions a `job_state` rule can notify on. */
export const JOB_STATE_EVENTS = ["broke", "fixed", "failure"] as const;
/** `broke`: first failure after a success; `fixed`: first success after failures; `failure`: every failure. */
export type JobStateEvent = (typeof JOB_STATE_EVENTS)[number];
/** What happened: a job-state event, or a condition that `triggered`, is still firing (`reminder`) or `resolved`. */
export const ALERT_EVENTS = [...JOB_STATE_EVENTS, "triggered", "reminder", "resolved"] as const;
/** One {@link ALERT_EVENTS} entry. */
export type AlertEvent = (typeof ALERT_EVENTS)[number];
/** Why a notification went out: the condition started, still holds after the cool-down, or ended. */
export const ALERT_NOTICES = ["firing", "reminder", "resolved"] as const;
/** One {@link ALERT_NOTICES} entry. */
export type AlertNotice = (typeof ALERT_NOTICES)[number];
/** Dimensions a rule's `match` can name (each a glob, see `server/alerts/glob.ts`). */
export const MATCH_KEYS = ["repo", "branch", "workflow", "job", "label", "source"] as const;
/** A match dimension. */
export type MatchKey = (typeof MATCH_KEYS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Limits of alerting inputs (characters, entries, or ms). */
export const ALERT_LIMITS = {
  name: 100,
  pattern: 300,
  url: 2000,
  secretMin: 16,
  secretMax: 256,
  recipients: 20,
  channels: 20,
  minWindowMs: 5 * MINUTE,
  maxWindowMs: 90 * DAY,
  maxCooldownMs: 7 * DAY,
  /** Threshold-style rules are evaluated on a tick; a shorter cool-down would re-notify every tick. */
  minTickCooldownMs: MINUTE,
} as const;

/**
 * Per kind: which `match` keys apply (`glob`: matched against each subject;
 * `exact`: no wildcards, passed to the metric query as a filter), which
 * threshold it takes (unit and bounds; `fallback` when optional), whether
 * `windowMs` applies (and its default) and the default cool-down.
 */
export const RULE_KIND_SPECS: Record<
  AlertRuleKind,
  {
    glob: readonly MatchKey[];
    exact: readonly MatchKey[];
    threshold: { unit: "ms" | "ratio" | "growth"; min: number; max: number; fallback: number | null } | null;
    windowMs: number | null;
    cooldownMs: number;
  }
> = {
  job_state: { glob: MATCH_KEYS, exact: [], threshold: null, windowMs: null, cooldownMs: 0 },
  queue_time: {
    glob: ["label"],
    exact: ["source"],
    threshold: { unit: "ms", min: 1000, max: 7 * DAY, fallback: null },
    windowMs: HOUR,
    cooldownMs: HOUR,
  },
  stuck_job: {
    glob: ["repo", "workflow", "job", "label", "source"],
    exact: [],
    threshold: { unit: "ms", min: MINUTE, max: 7 * DAY, fallback: 15 * MINUTE },
    windowMs: null,
    cooldownMs: HOUR,
  },
  success_rate: {
    glob: ["repo", "workflow"],
    exact: ["branch", "job", "label", "source"],
    threshold: { unit: "ratio", min: 0.01, max: 1, fallback: null },
    windowMs: HOUR,
    cooldownMs: HOUR,
  },
  duration_regression: {
    glob: ["repo", "workflow"],
    exact: ["branch", "job", "label", "source"],
    threshold: { unit: "growth", min: 0.01, max: 100, fallback: 0.2 },
    windowMs: 7 * DAY,
    cooldownMs: DAY,
  },
  runner_offline: {
    glob: ["label", "source"],
    exact: [],
    threshold: { unit: "ms", min: 0, max: 7 * DAY, fallback: 0 },
    windowMs: null,
    cooldownMs: HOUR,
  },
  source_silent: {
    glob: ["source"],
    exact: [],
    threshold: { unit: "ms", min: MINUTE, max: 30 * DAY, fallback: null },
    windowMs: null,
    cooldownMs: HOUR,
  },
};

// One line of printable text: control characters have no place in names or patterns.
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: "must not contain control characters" });
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(ALERT_LIMITS.url);
/** True when a pattern has an unescaped `*` or `?`. */
export const hasWildcard = (pattern: string) => /(^|[^\\])(\\\\)*[*?]/.test(pattern);

const channelConfigFields = {
  /** Incoming-webhook URL (slack, teams, discord) or the endpoint to POST to (webhook). */
  url: httpUrl,
  /** webhook only: HMAC-SHA256 signing secret. Write-only: never returned. */
  secret: z.string().min(ALERT_LIMITS.secretMin).max(ALERT_LIMITS.secretMax),
  /** email only: recipients (SMTP server and sender come from settings). */
  to: z.array(z.email()).min(1).max(ALERT_LIMITS.recipients),
};
const channelBase = z.strictObject({
  name: line(ALERT_LIMITS.name),
  kind: z.enum(CHANNEL_KINDS),
  config: z.strictObject(channelConfigFields).partial(),
});

/** `POST /channels` body; also the merged result of a PATCH. Store it as is (the secret encrypted if you can). */
export const channelInputSchema = channelBase.superRefine(({ kind, config }, ctx) => {
  const issue = (field: "url" | "secret" | "to", message: string) =>
    ctx.addIssue({ code: "custom", path: ["config", field], message });
  if (kind === "email") {
    if (!config.to) issue("to", "an email channel needs at least one recipient in `to`");
    if (config.url !== undefined) issue("url", "an email channel has no url");
  } else {
    if (!config.url) issue("url", `a ${kind} channel needs a url`);
    if (config.to !== undefined) issue("to", `only email channels take recipients`);
  }
  if (kind !== "webhook" && config.secret !== undefined) issue("secret", "only webhook channels sign");
});
/** A channel as posted. */
export type ChannelInput = z.infer<typeof channelInputSchema>;
/**
 * `PATCH /channels/:id` body: any subset of the input. `config` merges key by
 * key into the stored one (the secret cannot be read back, so it must not have
 * to be resent); a key set to null is removed. See `mergeChannelPatch`.
 */
export const channelPatchSchema = z
  .strictObject({
    name: channelBase.shape.name,
    kind: channelBase.shape.kind,
    config: z
      .strictObject({
        url: channelConfigFields.url.nullable(),
        secret: channelConfigFields.secret.nullable(),
        to: channelConfigFields.to.nullable(),
      })
      .partial(),
  })
  .partial();

/** A channel as the API returns it: the secret is never returned, the URL (itself a credential) is redacted. */
export interface Channel {
  id: string;
  name: string;
  kind: ChannelKind;
  /** Scheme, host and the URL's last four characters, e.g. `https://hooks.slack.com/…Xy9z`. */
  url: string | null;
  to: string[] | null;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

const pattern = line(ALERT_LIMITS.pattern);
const ruleFields = {
  name: line(ALERT_LIMITS.name),
  enabled: z.boolean(),
  severity: z.enum(SEVERITIES),
  kind: z.enum(ALERT_RULE_KINDS),
  /** Globs (`*` any run of characters, `/` included; `?` one character; `\` escapes); all must match. */
  match: z
    .strictObject({
      repo: pattern,
      branch: pattern,
      workflow: pattern,
      job: pattern,
      label: pattern,
      source: pattern,
    })
    .partial(),
  /** job_state only: which transitions notify. */
  on: z.array(z.enum(JOB_STATE_EVENTS)).min(1).max(JOB_STATE_EVENTS.length),
  /** Unit per kind (`RULE_KIND_SPECS`): ms, a 0..1 success rate, or a relative growth (0.2 = 20% slower). */
  threshold: z.number().finite(),
  windowMs: z.number().int().min(ALERT_LIMITS.minWindowMs).max(ALERT_LIMITS.maxWindowMs),
  /** While a condition holds, no repeat notification before this much time has passed since the last. */
  cooldownMs: z.number().int().min(0).max(ALERT_LIMITS.maxCooldownMs),
  /** runner_offline only: one alert per offline `runner` (default), or per `pool` whose runners are all offline. */
  scope: z.enum(["runner", "pool"]),
  channels: z.array(line(100)).max(ALERT_LIMITS.channels),
};
const ruleBase = z.strictObject({
  ...ruleFields,
  enabled: ruleFields.enabled.default(true),
  severity: ruleFields.severity.default("warning"),
  match: ruleFields.match.optional(),
  on: ruleFields.on.optional(),
  threshold: ruleFields.threshold.optional(),
  windowMs: ruleFields.windowMs.optional(),
  cooldownMs: ruleFields.cooldownMs.optional(),
  scope: ruleFields.scope.optional(),
});

/** `POST /alert-rules` body (and the merged result of a PATCH), with the kind-specific checks. */
export const alertRuleInputSchema = ruleBase.superRefine((rule, ctx) => {
  const spec = RULE_KIND_SPECS[rule.kind];
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  for (const [key, value] of Object.entries(rule.match ?? {})) {
    if (value === undefined) continue;
    const k = key as MatchKey;
    if (spec.exact.includes(k)) {
      if (hasWildcard(value)) issue(["match", k], `${rule.kind} matches ${k} exactly: no wildcards`);
      else if (k === "source" && !(JOB_SOURCES as readonly string[]).includes(value))
        issue(["match", k], `must be one of ${JOB_SOURCES.join(", ")}`);
    } else if (!spec.glob.includes(k)) issue(["match", k], `${rule.kind} rules cannot match on ${k}`);
  }
  if (rule.kind === "job_state" && !rule.on)
    issue(["on"], "job_state rules need `on` (broke, fixed, failure)");
  if (rule.kind !== "job_state" && rule.on) issue(["on"], "only job_state rules take `on`");
  if (new Set(rule.on).size !== (rule.on ?? []).length) issue(["on"], "must not repeat an event");
  const t = spec.threshold;
  if (!t && rule.threshold !== undefined) issue(["threshold"], `${rule.kind} rules take no threshold`);
  if (t && rule.threshold === undefined && t.fallback === null)
    issue(["threshold"], `${rule.kind} rules need a threshold (${t.unit})`);
  if (t && rule.threshold !== undefined && (rule.threshold < t.min || rule.threshold > t.max))
    issue(["threshold"], `must be between ${t.min} and ${t.max} (${t.unit})`);
  if (spec.windowMs === null && rule.windowMs !== undefined)
    issue(["windowMs"], `${rule.kind} takes no window`);
  if (
    rule.kind !== "job_state" &&
    rule.cooldownMs !== undefined &&
    rule.cooldownMs < ALERT_LIMITS.minTickCooldownMs
  )
    issue(["cooldownMs"], `must be at least ${ALERT_LIMITS.minTickCooldownMs} ms for ${rule.kind} rules`);
  if (rule.kind !== "runner_offline" && rule.scope)
    issue(["scope"], "only runner_offline rules take a scope");
  if (new Set(rule.channels).size !== rule.channels.length) issue(["channels"], "must not repeat a channel");
});
/** A rule as posted (defaults for `enabled` and `severity` applied). Store it as is: PATCH merges onto it. */
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;
/**
 * `PATCH /alert-rules/:id` body: any subset of the input, no defaults applied.
 * An optional field set to null goes back to its default; `match` and `on`
 * replace the stored ones as a whole. See `mergeRulePatch`.
 */
export const alertRulePatchSchema = z
  .strictObject({
    ...ruleFields,
    match: ruleFields.match.nullable(),
    on: ruleFields.on.nullable(),
    threshold: ruleFields.threshold.nullable(),
    windowMs: ruleFields.windowMs.nullable(),
    cooldownMs: ruleFields.cooldownMs.nullable(),
    scope: ruleFields.scope.nullable(),
  })
  .partial();
/** A rule's match patterns. */
export type AlertMatch = Partial<Record<MatchKey, string>>;

/** A rule as the API returns it: every kind default filled in (null where the kind takes none). */
export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  severity: Severity;
  kind: AlertRuleKind;
  match: AlertMatch;
  /** Empty unless job_state. */
  on: JobStateEvent[];
  threshold: number | null;
  windowMs: number | null;
  cooldownMs: number;
  scope: "runner" | "pool" | null;
  channels: string[];
  createdAt: string;
  updatedAt: string;
}

/** Where an alert's subject lives; each field only when it applies. */
const alertWhereSchema = z.object({
  source: z.string().optional(),
  repo: z.string().optional(),
  branch: z.string().nullable().optional(),
  workflow: z.string().optional(),
  job: z.string().optional(),
  runner: z.string().nullable().optional(),
  pool: z.string().optional(),
});
/** Where an alert's subject lives. */
export type AlertWhere = z.infer<typeof alertWhereSchema>;

/** One labelled figure of an alert, e.g. `{ label: "Queue p95", value: "12m (threshold 10m)" }`. */
const alertFactSchema = z.object({ label: z.string(), value: z.string() });
/** One labelled figure of an alert. */
export type AlertFact = z.infer<typeof alertFactSchema>;

/** The job an alert is about (a snapshot, so the alert reads the same after retention deletes the job). */
const alertJobSchema = jobSchema
  .pick({
    id: true,
    source: true,
    repo: true,
    workflow: true,
    name: true,
    branch: true,
    sha: true,
    status: true,
    finishedAt: true,
    url: true,
  })
  .extend({ runner: z.string().nullable() });
/** The job an alert is about. */
export type AlertJob = z.infer<typeof alertJobSchema>;

/** A fired alert: one per incident of (rule, subject), from firing until resolved. */
export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_RULE_KINDS),
  severity: z.enum(SEVERITIES),
  state: z.enum(["firing", "resolved"]),
  /** The latest event (a reminder or resolution updates it). */
  event: z.enum(ALERT_EVENTS),
  /** Key of what the alert is about within its rule (a job series, a pool, a runner, a source…). */
  subject: z.string(),
  /** One sentence: what happened. */
  summary: z.string(),
  where: alertWhereSchema,
  facts: z.array(alertFactSchema),
  /** When the condition began (first failure, job queued, runner last seen…). */
  since: isoTimestampSchema.nullable(),
  firedAt: isoTimestampSchema,
  resolvedAt: isoTimestampSchema.nullable(),
  job: alertJobSchema.nullable(),
  /** The dashboard view for it, absolute when a public URL is configured, else a path. */
  link: z.string().nullable(),
});
/** A fired alert (see {@link alertSchema}). */
export type Alert = z.infer<typeof alertSchema>;

/** One attempt-tracked delivery of one notification of an alert to one channel. */
export interface AlertDelivery {
  id: string;
  alertId: string;
  channelId: string;
  notice: AlertNotice;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

/** `GET /alerts`: newest first, each alert with its deliveries. */
export interface AlertListResponse {
  items: (Alert & { deliveries: AlertDelivery[] })[];
  nextCursor: string | null;
}

/**
 * `alert:fired` socket payload: sent when an alert fires, reminds or resolves
 * (see `notice`). `version` is `EVENT_VERSION` of `lib/events.ts`, which checks
 * that the two agree (it imports this file, so this file cannot import it).
 */
export const alertFiredPayloadSchema = z.object({
  version: z.literal(1),
  notice: z.enum(ALERT_NOTICES),
  alert: alertSchema,
});
/** `alert:fired` socket payload (see {@link alertFiredPayloadSchema}). */
export type AlertFiredPayload = z.infer<typeof alertFiredPayloadSchema>;
