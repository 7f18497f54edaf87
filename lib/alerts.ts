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
import { JOB_SOURCES } from "./job";
import {
  CHANNEL_KINDS,
  type ChannelKind,
  ALERT_RULE_KINDS,
  type AlertRuleKind,
  SEVERITIES,
  type Severity,
  JOB_STATE_EVENTS,
  type JobStateEvent,
  type MatchKey,
  ALERT_LIMITS,
  RULE_KIND_SPECS,
} from "./alert-kinds";

export * from "./alert-kinds";
export * from "./alert-history";

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
      /** slo_burn only: an SLO's id or name. */
      slo: pattern,
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
