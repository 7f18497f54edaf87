/**
 * How the rule form shows numbers the API keeps in its own units: ms
 * thresholds in minutes, ratios and growths in percent, windows in hours,
 * cool-downs in minutes. Pure; shared by the form and the rules table.
 */
import {
  MATCH_KEYS,
  RULE_KIND_SPECS,
  type AlertMatch,
  type AlertRule,
  type AlertRuleKind,
  type JobStateEvent,
  type Severity,
} from "@/lib/alerts";
import type { RuleBody } from "@/components/api/alert-api";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type ThresholdUnit = "ms" | "ratio" | "growth";

/** Per threshold unit: the form's unit, what it means, and the factor to the API's unit. */
export const THRESHOLD_UNITS: Record<ThresholdUnit, { label: string; factor: number }> = {
  ms: { label: "minutes", factor: MINUTE },
  ratio: { label: "% success rate (alert below it)", factor: 0.01 },
  growth: { label: "% slower than the window's baseline", factor: 0.01 },
};

/** Window and cool-down units of the form. */
export const WINDOW_UNIT = { label: "hours", factor: HOUR } as const;
export const COOLDOWN_UNIT = { label: "minutes", factor: MINUTE } as const;

/** A number in form units as text, at most 4 decimals, or "" for null. */
export const toFormNumber = (value: number | null | undefined, factor: number) =>
  value === null || value === undefined ? "" : String(Math.round((value / factor) * 10_000) / 10_000);

/** The rule form's values, as typed. */
export interface RuleFormValues {
  name: string;
  kind: AlertRuleKind;
  severity: Severity;
  on: JobStateEvent[];
  threshold: string;
  window: string;
  cooldown: string;
  scope: "runner" | "pool";
  match: AlertMatch;
  channels: string[];
}

/** The form's starting values: the rule's, or a new `job_state` rule's. */
export function initialValues(rule?: AlertRule): RuleFormValues {
  const unit = rule && RULE_KIND_SPECS[rule.kind].threshold?.unit;
  return {
    name: rule?.name ?? "",
    kind: rule?.kind ?? "job_state",
    severity: rule?.severity ?? "warning",
    on: rule?.on.length ? rule.on : ["broke"],
    threshold: unit ? toFormNumber(rule.threshold, THRESHOLD_UNITS[unit].factor) : "",
    window: toFormNumber(rule?.windowMs, WINDOW_UNIT.factor),
    cooldown: rule ? toFormNumber(rule.cooldownMs, COOLDOWN_UNIT.factor) : "",
    scope: rule?.scope ?? "runner",
    match: rule?.match ?? {},
    channels: rule?.channels ?? [],
  };
}

/** Thrown by {@link toRuleBody} for a number that does not parse; `field` is the API's name. */
export class RuleValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const parseNumber = (text: string, factor: number, field: string, integer: boolean) => {
  if (!text.trim()) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RuleValueError(field, `${field} must be a number`);
  const api = value * factor;
  return integer ? Math.round(api) : Math.round(api * 1e6) / 1e6;
};

/**
 * The body to send: only the fields the kind takes. On edit (`patch`) a field
 * the kind does not take, or left blank, is sent as null (back to its default).
 * @throws RuleValueError when a number does not parse.
 */
export function toRuleBody(values: RuleFormValues, patch: boolean): RuleBody {
  const spec = RULE_KIND_SPECS[values.kind];
  const keys = new Set([...spec.glob, ...spec.exact]);
  const match: AlertMatch = {};
  for (const key of MATCH_KEYS) {
    const value = values.match[key]?.trim();
    if (value && keys.has(key)) match[key] = value;
  }
  const unit = spec.threshold?.unit;
  const body: RuleBody = {
    name: values.name.trim(),
    kind: values.kind,
    severity: values.severity,
    match,
    channels: values.channels,
    on: values.kind === "job_state" ? values.on : null,
    threshold: unit ? parseNumber(values.threshold, THRESHOLD_UNITS[unit].factor, "threshold", false) : null,
    windowMs:
      spec.windowMs !== null ? parseNumber(values.window, WINDOW_UNIT.factor, "windowMs", true) : null,
    cooldownMs: parseNumber(values.cooldown, COOLDOWN_UNIT.factor, "cooldownMs", true),
    scope: values.kind === "runner_offline" ? values.scope : null,
  };
  if (patch) return body;
  // A new rule: leave out what is unset, so the server applies the kind's defaults.
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)) as RuleBody;
}

/** "repo=acme/*, branch=main", or "everything". */
export const matchSummary = (match: AlertMatch) =>
  Object.entries(match)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ") || "everything";

/** What a rule watches, in a few words: "on broke, fixed" or "threshold 10 minutes". */
export function conditionSummary(rule: AlertRule): string {
  if (rule.kind === "job_state") return `on ${rule.on.join(", ")}`;
  const unit = RULE_KIND_SPECS[rule.kind].threshold?.unit;
  if (!unit || rule.threshold === null) return "";
  const { factor } = THRESHOLD_UNITS[unit];
  const shown = toFormNumber(rule.threshold, factor);
  return unit === "ms" ? `after ${shown} min` : unit === "ratio" ? `below ${shown}%` : `${shown}% slower`;
}
