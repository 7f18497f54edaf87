/**
 * Glob patterns of alert rules' `match`, compiled once per pattern.
 *
 * Semantics (chosen for CI names, where `/` is ordinary text, not a path):
 * - `*` matches any run of characters, `/` included, so `release/*` matches
 *   `release/1.2/hotfix` and `acme/*` every repo of `acme`; `**` means `*`.
 * - `?` matches exactly one character (one Unicode code point).
 * - `\` makes the next character literal (`\*`, `\?`, `\\`).
 * - Everything else is literal; the whole value must match (anchored).
 * - Case-sensitive, except runner labels, which compare case-insensitively
 *   everywhere in Runwatch (GitHub treats `Linux` and `linux` alike).
 *
 * The matcher itself lives in `lib/glob.ts` (teams use the same semantics).
 */
import type { AlertMatch, MatchKey } from "../../lib/alerts";
import { hasWildcard } from "../../lib/alerts";
import { compileGlob } from "../../lib/glob";

export { compileGlob, type GlobMatcher } from "../../lib/glob";

/** What a rule's `match` is tested against; a dimension a subject lacks (undefined or null) never matches. */
export interface MatchTarget {
  source?: string | null;
  repo?: string | null;
  branch?: string | null;
  workflow?: string | null;
  /** The job name. */
  job?: string | null;
  /** Matches when any one label matches. */
  labels?: readonly string[];
  /** An SLO's id and name (slo_burn): matches when either matches. */
  slo?: readonly string[];
}

/** A compiled `match`: true when every pattern in it matches (an empty match matches everything). */
export type RuleMatcher = (target: MatchTarget) => boolean;

/**
 * Compile a rule's `match` once, when rules are loaded. `only` restricts it to
 * some keys (the kind's glob keys; its exact keys go to the store as filters).
 */
export function compileMatch(match: AlertMatch | undefined, only?: readonly MatchKey[]): RuleMatcher {
  const checks: RuleMatcher[] = [];
  for (const [key, pattern] of Object.entries(match ?? {}) as [MatchKey, string | undefined][]) {
    if (pattern === undefined || (only && !only.includes(key))) continue;
    if (key === "label") {
      const glob = compileGlob(pattern, { caseInsensitive: true });
      checks.push((t) => (t.labels ?? []).some(glob));
    } else if (key === "slo") {
      const glob = compileGlob(pattern);
      checks.push((t) => (t.slo ?? []).some(glob));
    } else {
      const glob = compileGlob(pattern);
      checks.push((t) => {
        const value = t[key];
        return typeof value === "string" && glob(value);
      });
    }
  }
  return (target) => checks.every((check) => check(target));
}

/**
 * The patterns of `match` without wildcards, unescaped: exact filters a store
 * or metric query can apply before the globs run (e.g. `metricsWorkflows`).
 */
export function exactFilter(match: AlertMatch | undefined): AlertMatch {
  const filter: AlertMatch = {};
  for (const [key, pattern] of Object.entries(match ?? {}) as [MatchKey, string | undefined][]) {
    if (pattern !== undefined && !hasWildcard(pattern)) filter[key] = pattern.replace(/\\(.)/gsu, "$1");
  }
  return filter;
}
