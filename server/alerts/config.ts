/**
 * From parsed alerting inputs to what is stored and what the API shows:
 * kind defaults filled into rules, and channels with their credentials hidden.
 */
import type { z } from "zod";
import {
  RULE_KIND_SPECS,
  type AlertRule,
  type AlertRuleInput,
  type Channel,
  type ChannelInput,
  type alertRulePatchSchema,
  type channelPatchSchema,
} from "../../lib/alerts";

/** Copy `base`, then apply `patch`: a value replaces, null removes, undefined leaves as is. */
function apply(base: object, patch: object): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * A channel PATCH merged onto the stored input, for `channelInputSchema` to
 * validate: `config` merges key by key (so a URL change keeps the secret).
 */
export function mergeChannelPatch(stored: ChannelInput, patch: z.infer<typeof channelPatchSchema>): unknown {
  const { config, ...rest } = patch;
  return { ...apply(stored, rest), config: apply(stored.config, config ?? {}) };
}

/** A rule PATCH merged onto the stored input, for `alertRuleInputSchema` to validate. */
export function mergeRulePatch(stored: AlertRuleInput, patch: z.infer<typeof alertRulePatchSchema>): unknown {
  return apply(stored, patch);
}

/**
 * Hide a webhook URL's credentials but keep it recognisable: scheme, host and
 * the last four characters. Slack, Discord and Teams put the secret token in
 * the path or the query, so the URL itself is a credential.
 */
export function redactUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed) return "…";
  const rest = `${parsed.pathname}${parsed.search}`;
  return rest.length > 8 ? `${parsed.origin}/…${rest.slice(-4)}` : `${parsed.origin}/…`;
}

/** A stored channel (secret and full URL included), as the store keeps it. */
export type StoredChannel = ChannelInput & { id: string; createdAt: string; updatedAt: string };

/** A stored channel as the API returns it: no secret, URL redacted. */
export function channelView(channel: StoredChannel): Channel {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: channel.config.url ? redactUrl(channel.config.url) : null,
    to: channel.config.to ?? null,
    hasSecret: Boolean(channel.config.secret),
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}

/** The stored rule for a parsed input: every kind default filled in, null where the kind takes none. */
export function resolveRule(input: AlertRuleInput): Omit<AlertRule, "id" | "createdAt" | "updatedAt"> {
  const spec = RULE_KIND_SPECS[input.kind];
  return {
    name: input.name,
    enabled: input.enabled,
    severity: input.severity,
    kind: input.kind,
    match: Object.fromEntries(Object.entries(input.match ?? {}).filter(([, v]) => v !== undefined)),
    on: input.on ?? [],
    threshold: spec.threshold ? (input.threshold ?? spec.threshold.fallback) : null,
    windowMs: spec.windowMs === null ? null : (input.windowMs ?? spec.windowMs),
    cooldownMs: input.cooldownMs ?? spec.cooldownMs,
    scope: input.kind === "runner_offline" ? (input.scope ?? "runner") : null,
    channels: input.channels,
  };
}
