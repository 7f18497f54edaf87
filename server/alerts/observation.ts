/**
 * What a threshold-style evaluator reports for one subject on one tick: the
 * input of `throttleTick`, and everything a message needs about the subject.
 */
import {
  RULE_KIND_SPECS,
  type AlertFact,
  type AlertJob,
  type AlertRule,
  type AlertWhere,
} from "../../lib/alerts";
import { compileMatch, type RuleMatcher } from "./glob";
import type { TickObservation } from "./throttle";

/** One subject's condition on one tick. `subject` is unique within the rule. */
export interface Observation extends TickObservation {
  /** One plain-text sentence: what is wrong (or, when it does not hold, how it stands). */
  summary: string;
  where: AlertWhere;
  /** Figures behind the verdict, e.g. the value and the threshold. */
  facts: AlertFact[];
  /** Dashboard path that shows it (turn into a URL with `dashboardUrl`). */
  path: string;
  /** The job it is about, when it is about one (stuck jobs). */
  job?: AlertJob | null;
  /** Channel ids notified besides the rule's (an SLO's own channels, slo_burn). */
  channels?: readonly string[];
}

/** The parts of a stored rule the evaluators read. */
export type ThresholdRule = Pick<AlertRule, "kind" | "match" | "threshold" | "windowMs" | "scope">;

// Keyed by the rule's match object: a rule loaded once compiles its globs once.
const compiled = new WeakMap<object, RuleMatcher>();

/** The rule's compiled glob keys (its exact keys are the store query's job, see `exactFilter`). */
export function matcherFor(rule: Pick<AlertRule, "kind" | "match">): RuleMatcher {
  let matcher = compiled.get(rule.match);
  if (!matcher) {
    matcher = compileMatch(rule.match, RULE_KIND_SPECS[rule.kind].glob);
    compiled.set(rule.match, matcher);
  }
  return matcher;
}

/** The rule's threshold, or its kind's fallback (0 when the kind has neither). */
export function thresholdOf(rule: ThresholdRule): number {
  return rule.threshold ?? RULE_KIND_SPECS[rule.kind].threshold?.fallback ?? 0;
}

/** The rule's window, or its kind's default. */
export function windowOf(rule: ThresholdRule): number {
  return rule.windowMs ?? RULE_KIND_SPECS[rule.kind].windowMs ?? 0;
}

/**
 * A window in ms as the metric functions' window text (`<n>m`), rounded up to
 * a whole minute, e.g. 3_600_000 → `60m`.
 */
export const windowText = (ms: number) => `${Math.max(1, Math.ceil(ms / 60_000))}m`;
