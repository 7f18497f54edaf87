/**
 * A caller's team scope (`TeamScope`, see `lib/teams.ts`) as one SQL
 * condition over the job columns `repo`, `source` and `pool`, so a scoped read
 * filters in the database (pages and counts stay right) instead of after it.
 *
 * Team globs compare case-insensitively (as GitHub and GitLab treat
 * repository paths), which lets one condition serve both engines:
 * `lower(column) LIKE <lower-cased pattern> ESCAPE '\'` (SQLite's LIKE
 * ignores ASCII case anyway; PostgreSQL's does not, hence `lower`). A literal
 * `%`, `_` or `\` in a glob is escaped with `\`.
 */
import { sql, type Expression, type SqlBool } from "kysely";
import { tokenizeGlob } from "../../lib/glob";
import { compileTeam, type TeamMatch, type TeamMatcher, type TeamScope } from "../../lib/teams";

/** The columns holding a job's repo, source and pool (qualified when the query joins). */
export interface ScopeColumns {
  repo: string;
  source: string;
  pool: string;
}

const JOB_COLUMNS: ScopeColumns = { repo: "repo", source: "source", pool: "pool" };

/** A glob as a lower-cased `LIKE` pattern with `\` as its escape character. */
export function globToLike(pattern: string): string {
  return tokenizeGlob(pattern, true)
    .map((t) => (t === "*" ? "%" : t === "?" ? "_" : t.literal.replace(/[%_\\]/g, "\\$&")))
    .join("");
}

function anyGlob(column: string, patterns: readonly string[]): Expression<SqlBool> {
  const parts = patterns.map((p) => sql`lower(${sql.ref(column)}) LIKE ${globToLike(p)} ESCAPE '\\'`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

function teamCondition(team: TeamMatch, columns: ScopeColumns): Expression<SqlBool> | null {
  const kinds: Expression<SqlBool>[] = [];
  if (team.repos.length > 0) kinds.push(anyGlob(columns.repo, team.repos));
  if (team.sources.length > 0) kinds.push(anyGlob(columns.source, team.sources));
  if (team.pools.length > 0) kinds.push(anyGlob(columns.pool, team.pools));
  // A team without globs matches nothing (see `compileTeam`).
  return kinds.length === 0 ? null : sql<SqlBool>`(${sql.join(kinds, sql` AND `)})`;
}

/**
 * The condition a scoped read adds: null when `scope` is null (unscoped: add
 * nothing); `1 = 0` when no team of the scope can match anything.
 */
export function scopeCondition(
  scope: TeamScope,
  columns: ScopeColumns = JOB_COLUMNS,
): Expression<SqlBool> | null {
  if (scope === null) return null;
  const teams = scope
    .map((team) => teamCondition(team, columns))
    .filter((c): c is Expression<SqlBool> => c !== null);
  if (teams.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(teams, sql` OR `)})`;
}

/**
 * The condition on `runs` for a scope: a run is in it when one of its jobs is
 * (runs have no pool of their own); null when `scope` is null. A run with no
 * job yet is outside every scope.
 */
export function runScopeCondition(scope: TeamScope): Expression<SqlBool> | null {
  const jobInScope = scopeCondition(scope, { repo: "j.repo", source: "j.source", pool: "j.pool" });
  if (jobInScope === null) return null;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM jobs AS j WHERE j.run_id = runs.id AND ${jobInScope})`;
}

/** The condition on `alerts` for a scope: one of the alert's jobs (`alert_jobs`) is in it; null when unscoped. */
export function alertScopeCondition(scope: TeamScope): Expression<SqlBool> | null {
  const jobInScope = scopeCondition(scope, { repo: "j.repo", source: "j.source", pool: "j.pool" });
  if (jobInScope === null) return null;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM alert_jobs AS aj JOIN jobs AS j ON j.id = aj.job_id WHERE aj.alert_id = alerts.id AND ${jobInScope})`;
}

const compiled = new WeakMap<readonly TeamMatch[], TeamMatcher>();

/**
 * The same test as `scopeCondition`, on a row already read (compiled once per
 * scope object). True for every row when `scope` is null.
 */
export function scopeMatcher(scope: TeamScope): TeamMatcher {
  if (scope === null) return () => true;
  let matcher = compiled.get(scope);
  if (!matcher) {
    const teams = scope.map(compileTeam);
    matcher = (target) => teams.some((team) => team(target));
    compiled.set(scope, matcher);
  }
  return matcher;
}
