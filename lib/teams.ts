/**
 * Teams: who sees which jobs. A team is a name, globs over repositories,
 * sources and label pools (see `lib/glob.ts` for the glob semantics), and the
 * identity-provider groups whose members belong to it. Shared by the server
 * (scoping every answer and event) and the Admin page. Fields may be added,
 * never renamed.
 *
 * Matching rule: a job belongs to a team when, for EVERY kind of glob the team
 * gives (repos, sources, pools), ANY glob of that kind matches the job's value
 * of it. A team with repos only matches on the repository alone; one with
 * repos and pools needs both to match. Every glob compares case-insensitively
 * (GitHub and GitLab treat repository paths so, runner labels are compared
 * so everywhere in Runwatch), which also lets the store filter in SQL the
 * same way on SQLite and PostgreSQL.
 */
import { z } from "zod";
import { compileGlob, type GlobMatcher } from "./glob";

/** Limits of a team definition. */
export const TEAM_LIMITS = {
  name: 64,
  globs: 100,
  glob: 300,
  groups: 100,
  group: 300,
  teamsPerKey: 50,
} as const;

/** A team's name: a lower-case slug, so it reads the same in URLs, the CLI and the audit log. */
export const teamNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
  )
  .max(TEAM_LIMITS.name);

const globList = z.array(z.string().min(1).max(TEAM_LIMITS.glob)).max(TEAM_LIMITS.globs);

/** The body of `POST /api/v1/teams` (and, without `name`, of `PUT /api/v1/teams/:name`). */
export const teamInputSchema = z
  .object({
    name: teamNameSchema,
    repos: globList.default([]),
    sources: globList.default([]),
    pools: globList.default([]),
    groups: z.array(z.string().min(1).max(TEAM_LIMITS.group)).max(TEAM_LIMITS.groups).default([]),
  })
  .strict()
  .refine((t) => t.repos.length + t.sources.length + t.pools.length > 0, {
    message: "a team needs at least one glob in repos, sources or pools",
    path: ["repos"],
  });

/** The body of `PUT /api/v1/teams/:name`: every field but the name (which the path gives). */
export const teamUpdateSchema = z
  .object({
    repos: globList.default([]),
    sources: globList.default([]),
    pools: globList.default([]),
    groups: z.array(z.string().min(1).max(TEAM_LIMITS.group)).max(TEAM_LIMITS.groups).default([]),
  })
  .strict()
  .refine((t) => t.repos.length + t.sources.length + t.pools.length > 0, {
    message: "a team needs at least one glob in repos, sources or pools",
    path: ["repos"],
  });

/** A team, as stored and listed. */
export interface Team {
  name: string;
  /** Repository globs, e.g. `acme/payments-*`. */
  repos: string[];
  /** Source globs (`github`, `gitlab`, …). */
  sources: string[];
  /** Label-pool globs, as `poolOf` names pools (e.g. `linux, x64`, `queue=deploy`). */
  pools: string[];
  /** Identity-provider group claim values whose members belong to this team. */
  groups: string[];
}

/** What a scoped caller may see: the matching part of its teams. */
export type TeamMatch = Pick<Team, "repos" | "sources" | "pools">;

/**
 * A caller's scope: null sees everything; a list sees the jobs any of its
 * teams matches (an empty list sees nothing).
 */
export type TeamScope = readonly TeamMatch[] | null;

/** The values of a job a team is matched against. */
export interface TeamTarget {
  repo: string | null;
  source: string | null;
  pool: string | null;
}

/** A team compiled once: true when the job belongs to it (see the module comment). */
export type TeamMatcher = (target: TeamTarget) => boolean;

function anyOf(patterns: readonly string[]): GlobMatcher | null {
  if (patterns.length === 0) return null;
  const globs = patterns.map((p) => compileGlob(p, { caseInsensitive: true }));
  return (value) => globs.some((glob) => glob(value));
}

/** Compiles a team's globs; a team without any glob matches nothing. */
export function compileTeam(team: TeamMatch): TeamMatcher {
  const kinds: [GlobMatcher | null, keyof TeamTarget][] = [
    [anyOf(team.repos), "repo"],
    [anyOf(team.sources), "source"],
    [anyOf(team.pools), "pool"],
  ];
  const given = kinds.filter((k): k is [GlobMatcher, keyof TeamTarget] => k[0] !== null);
  if (given.length === 0) return () => false;
  return (target) =>
    given.every(([glob, key]) => {
      const value = target[key];
      return value !== null && glob(value);
    });
}

/** Who a caller is, as far as teams go. */
export interface TeamSubject {
  /** The caller's scopes (`lib/auth.ts`'s `Scope`; plain strings so the two modules stay acyclic). */
  scopes: readonly string[];
  /** The signed-in user's group claim values; [] for API keys. */
  groups: readonly string[];
  /** An API key's explicit teams; [] when it has none. */
  keyTeams: readonly string[];
}

/**
 * The one rule deriving a caller's teams: admins are never scoped (null); a
 * key's explicit teams when it has some; else the teams whose `groups`
 * contain one of the caller's groups; null (unscoped) when none applies.
 * Names of teams since deleted stay in the list and match nothing, so a
 * scoped key whose team is deleted sees nothing rather than everything.
 */
export function teamsFor(subject: TeamSubject, teams: readonly Team[]): string[] | null {
  if (subject.scopes.includes("admin")) return null;
  if (subject.keyTeams.length > 0) return [...subject.keyTeams];
  if (subject.groups.length === 0) return null;
  const groups = new Set(subject.groups);
  const names = teams.filter((t) => t.groups.some((g) => groups.has(g))).map((t) => t.name);
  return names.length > 0 ? names : null;
}

/** The scope of a caller with these team names (null names: unscoped). Unknown names match nothing. */
export function scopeOfTeams(names: readonly string[] | null, teams: readonly Team[]): TeamScope {
  if (names === null) return null;
  const wanted = new Set(names);
  return teams.filter((t) => wanted.has(t.name));
}
