/**
 * Globs over CI names (repositories, sources, label pools, branches), shared
 * by alert rules' `match` and teams. One semantics everywhere:
 * - `*` matches any run of characters, `/` included (`acme/*` is every repo
 *   of `acme`); `**` means `*`.
 * - `?` matches exactly one character (one Unicode code point).
 * - `\` makes the next character literal (`\*`, `\?`, `\\`).
 * - Everything else is literal; the whole value must match (anchored).
 * - Case-sensitive unless `caseInsensitive` (runner labels and pools).
 *
 * Matching is the iterative wildcard algorithm (backtrack only to the last
 * `*`), O(pattern × value): no regular expression, so a pattern such as
 * `*a*a*a*a*b` cannot make matching exponential.
 */

/** One piece of a compiled glob. */
export type GlobToken = { literal: string } | "?" | "*";

/** A compiled glob: true when the whole value matches. */
export type GlobMatcher = (value: string) => boolean;

/** Splits a glob into literals and wildcards (runs of `*` collapse into one); `fold` lower-cases it first. */
export function tokenizeGlob(pattern: string, fold = false): GlobToken[] {
  const tokens: GlobToken[] = [];
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
  const tokens = tokenizeGlob(pattern, fold);
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
