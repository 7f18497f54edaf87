/**
 * What a team-scoped caller may see beyond jobs: sources, pools, alert rules
 * and SLOs. These are aggregates or definitions, not jobs, so the job rule
 * (`lib/teams.ts`) cannot apply as is. The rule here is the safe one: a thing
 * is visible only when NOTHING outside the caller's teams can reach it:
 *
 * - a source (its delivery counts) only to a team of source globs alone;
 * - a pool (its queue depth, its demand) only to a team of pool globs alone;
 * - a repository glob (an SLO's, an alert rule's `match.repo`) only to a team
 *   of repository globs alone that holds it: the same glob, or a literal name
 *   one of the team's globs matches.
 *
 * A team that mixes kinds (repos and pools) sees none of these: a pool's
 * depth counts every repository's jobs on it, a repository's SLO every pool's.
 * Null scope (admins, unscoped keys) sees everything.
 */
import type { AlertRule } from "../../lib/alerts";
import { compileGlob } from "../../lib/glob";
import type { SloObjective } from "../../lib/slo";
import type { TeamMatch, TeamScope } from "../../lib/teams";

type Kind = keyof TeamMatch;
const KINDS: readonly Kind[] = ["repos", "sources", "pools"];

/** The teams of the scope that give globs of `kind` and of no other kind. */
function teamsOfOnly(scope: readonly TeamMatch[], kind: Kind): readonly TeamMatch[] {
  return scope.filter((team) => KINDS.every((k) => (k === kind) === team[k].length > 0));
}

const matchesAny = (globs: readonly string[], value: string) =>
  globs.some((glob) => compileGlob(glob, { caseInsensitive: true })(value));

// `*`, `?` or `\`: the pattern may stand for more than one value.
const hasWildcard = (pattern: string) => /[*?\\]/.test(pattern);

/** True when the caller may see this source's delivery counts. */
export function sourceVisible(scope: TeamScope, source: string): boolean {
  if (scope === null) return true;
  return teamsOfOnly(scope, "sources").some((team) => matchesAny(team.sources, source));
}

/** True when the caller may see this pool's queue depth and demand. */
export function poolVisible(scope: TeamScope, pool: string): boolean {
  if (scope === null) return true;
  return teamsOfOnly(scope, "pools").some((team) => matchesAny(team.pools, pool));
}

/**
 * True when a repository glob cannot reach outside the caller's teams: one of
 * its repository-only teams gives the same glob (case aside), or the glob is a
 * literal name one of that team's globs matches.
 */
export function repoGlobWithin(scope: TeamScope, glob: string | undefined): boolean {
  if (scope === null) return true;
  if (glob === undefined) return false;
  const folded = glob.toLowerCase();
  return teamsOfOnly(scope, "repos").some((team) =>
    hasWildcard(glob) ? team.repos.some((own) => own.toLowerCase() === folded) : matchesAny(team.repos, glob),
  );
}

/** True when the caller may see the rule: its `match.repo` is within its teams (rules without one are fleet-wide). */
export function ruleVisible(scope: TeamScope, rule: Pick<AlertRule, "match">): boolean {
  return repoGlobWithin(scope, rule.match.repo);
}

/** True when the caller may see an SLO with this objective (see the module comment). */
export function sloVisible(scope: TeamScope, objective: SloObjective): boolean {
  if (scope === null) return true;
  switch (objective.kind) {
    case "queue_time_p95":
      return poolVisible(scope, objective.pool);
    case "success_rate":
    case "time_to_green":
      return repoGlobWithin(scope, objective.repo);
    case "webhook_ack_p99":
      return objective.source !== undefined && sourceVisible(scope, objective.source);
  }
}
