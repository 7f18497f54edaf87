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
 * Matching is the iterative wildcard algorithm (backtrack only to the last
 * `*`), O(pattern × value): no regular expression, so a pattern such as
 * `*a*a*a*a*b` cannot make matching exponential.
 */
import type { AlertMatch, MatchKey } from "../../lib/alerts";
import { hasWildcard } from "../../lib/alerts";

type Token = { literal: string } | "?" | "*";

/** A compiled glob: true when the whole value matches. */
export type GlobMatcher = (value: string) => boolean;

function tokenize(pattern: string, fold: boolean): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(fold ? pattern.toLowerCase() : pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "\\" && i + 1 < chars.length) tokens.push({ literal: chars[++i] as string });
    else if (c === "*") {
      if (tokens.at(-1) !== "*") tokens.push("*");
    } else if (c === "?") tokens.push("?");
    else tokens.push({ literal: c });
  }
  return tokens;
}

/** Compile a glob (see the module comment for its semantics). */
export function compileGlob(pattern: string, options: { caseInsensitive?: boolean } = {}): GlobMatcher {
  const fold = options.caseInsensitive === true;
  const tokens = tokenize(pattern, fold);
  return (input) => {
    const value = Array.from(fold ? input.toLowerCase() : input);
    let p = 0;
    let v = 0;
    let starP = -1;
    let starV = 0;
    while (v < value.length) {
      const token = tokens[p];
      if (token === "?" || (typeof token === "object" && token.literal === value[v])) {
        p++;
        v++;
      } else if (token === "*") {
        starP = p++;
        starV = v;
      } else if (starP >= 0) {
        // Let the last `*` swallow one more character and retry from just after it.
        p = starP + 1;
        v = ++starV;
      } else return false;
    }
    while (tokens[p] === "*") p++;
    return p === tokens.length;
  };
}

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
