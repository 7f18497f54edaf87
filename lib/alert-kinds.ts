/**
 * The alerting contract's vocabulary: channel and rule kinds, severities,
 * events, limits and what each rule kind takes (re-exported by `lib/alerts.ts`).
 */

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
  "slo_burn",
  // The stall radar's diagnoses (lib/stall.ts `DIAGNOSIS_KINDS`), each a rule kind of its own.
  "dispatch_stall",
  "orphan_label",
  "pool_exhausted",
  "silent_source",
  "stale_job",
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
export const MATCH_KEYS = ["repo", "branch", "workflow", "job", "label", "source", "slo"] as const;
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
  /**
   * Every SLO's fast (14.4× over 1 h and 5 m) and slow (6× over 6 h and 30 m) burn; see
   * `server/alerts/slo-burn-rule.ts`. `match.slo` limits it to SLOs whose id or name matches.
   */
  slo_burn: { glob: ["slo"], exact: [], threshold: null, windowMs: null, cooldownMs: HOUR },
  // Diagnoses carry their own thresholds (learned or fixed, see server/domain/stall-radar.ts): none to set.
  dispatch_stall: { glob: ["label", "source"], exact: [], threshold: null, windowMs: null, cooldownMs: HOUR },
  orphan_label: { glob: ["label", "source"], exact: [], threshold: null, windowMs: null, cooldownMs: HOUR },
  pool_exhausted: { glob: ["label", "source"], exact: [], threshold: null, windowMs: null, cooldownMs: HOUR },
  silent_source: { glob: ["source"], exact: [], threshold: null, windowMs: null, cooldownMs: HOUR },
  stale_job: { glob: ["label", "source"], exact: [], threshold: null, windowMs: null, cooldownMs: DAY },
};
