/**
 * Nearest names by edit distance, for "did you mean …?" hints: an unknown
 * `RUNWATCH_*` variable is most often a typo of a known one, and a typo in a
 * security setting (`RUNWATCH_OUTBOUND_ALOW`) must not pass silently. Pure.
 */

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  // One row of the classic table at a time: O(|a|·|b|) time, O(|b|) memory.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `name` (ties: the first in `candidates`), or null
 * when even the nearest is too far to be a typo: more than a third of `name`'s
 * length away (at least 2). A `prefix` every name shares (`RUNWATCH_`) is left
 * out of both, so it cannot make `RUNWATCH_FOO` look near `RUNWATCH_AUTH`.
 */
export function nearestName(name: string, candidates: readonly string[], prefix = ""): string | null {
  const strip = (value: string) => (value.startsWith(prefix) ? value.slice(prefix.length) : value);
  const own = strip(name);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(own, strip(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(own.length / 3)) ? best : null;
}
