/**
 * Rooms per team scope. An unscoped socket (admin, key without teams) joins
 * the plain update rooms (`rooms.ts`) and `SCOPE_ALL_ROOM`; a socket scoped to
 * teams joins, for each of its teams, the same update rooms prefixed with the
 * team, and the team's scope room. The broadcaster sends a change to the plain
 * rooms and to the prefixed rooms of each team the change belongs to, so a
 * scoped socket never receives another team's job, run, runner or metrics
 * notice. Team room names are built only here.
 */
import type { Alert } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import { compileTeam, type TeamMatcher } from "../../lib/teams";
import type { TeamSnapshot } from "../auth/team-directory";

/** Unscoped sockets: the whole-fleet notices (metrics, delivery health, alerts). */
export const SCOPE_ALL_ROOM = "scope:all";

/** A team's scope room: its members' metrics notices. */
export const teamScopeRoom = (team: string) => `scope:team:${team}`;

/** A plain update room (`jobs:…`) as seen by one team's members; still an update room (`jobs:` prefix). */
export const teamUpdateRoom = (team: string, room: string) => `jobs:team:${JSON.stringify(team)}:${room}`;

/** The rooms a socket with these teams joins for these plain update rooms (teams null: unscoped). */
export function scopedRooms(rooms: readonly string[], teams: readonly string[] | null): string[] {
  if (teams === null) return [...rooms, SCOPE_ALL_ROOM];
  const unique = [...new Set(teams)];
  return unique.flatMap((team) => [...rooms.map((room) => teamUpdateRoom(team, room)), teamScopeRoom(team)]);
}

/** How many rooms `scopedRooms` would give, without building them. */
export function scopedRoomCount(plainRooms: number, teams: readonly string[] | null): number {
  return teams === null ? plainRooms + 1 : new Set(teams).size * (plainRooms + 1);
}

/** The update rooms a change goes to: the plain ones, and each team's copy of them. */
export function withTeamRooms(rooms: readonly string[], teams: readonly string[]): string[] {
  if (teams.length === 0) return [...rooms];
  return [...rooms, ...teams.flatMap((team) => rooms.map((room) => teamUpdateRoom(team, room)))];
}

/** Which teams each kind of change belongs to; O(teams) per change, over matchers compiled once. */
export interface TeamRouting {
  job(job: Pick<Job, "repo" | "source" | "runner">): string[];
  /**
   * Runs have no pool: a run belongs to a team whose repo and source globs
   * (those it gives) match; a team of pools only receives no runs live.
   */
  run(run: Pick<PipelineRun, "repo" | "source">): string[];
  runner(runner: Pick<Runner, "source" | "labels" | "group">): string[];
  /**
   * An alert belongs to a team when it is about a job (as `GET /alerts` scopes
   * them) and the team matches that job's repository, source and the alert's
   * pool (a team giving pools needs the alert to name one). Alerts about no job
   * (a pool's p95, a source, a runner) go to unscoped sockets only.
   */
  alert(alert: Pick<Alert, "job" | "where">): string[];
}

const runMatchers = new WeakMap<TeamSnapshot, ((run: Pick<PipelineRun, "repo" | "source">) => boolean)[]>();
const teamMatchers = new WeakMap<TeamSnapshot, TeamMatcher[]>();

/** Routing over a snapshot of the teams (none: every change is for unscoped sockets only). */
export function teamRouting(snapshot: TeamSnapshot | null): TeamRouting {
  const teams = snapshot?.teams ?? [];
  let runs = snapshot ? runMatchers.get(snapshot) : undefined;
  if (snapshot && !runs) {
    runs = teams.map((t) => {
      const match = compileTeam({ repos: t.team.repos, sources: t.team.sources, pools: [] });
      return (run) => match({ repo: run.repo, source: run.source, pool: null });
    });
    runMatchers.set(snapshot, runs);
  }
  let matchers = snapshot ? teamMatchers.get(snapshot) : undefined;
  if (snapshot && !matchers) {
    matchers = teams.map((t) => compileTeam(t.team));
    teamMatchers.set(snapshot, matchers);
  }
  return {
    job: (job) => teams.filter((t) => t.matchesJob(job)).map((t) => t.team.name),
    alert: ({ job, where }) => {
      if (job === null) return [];
      const target = { repo: job.repo, source: job.source, pool: where.pool ?? null };
      return teams.filter((_, i) => matchers?.[i]?.(target) === true).map((t) => t.team.name);
    },
    run: (run) => teams.filter((_, i) => runs?.[i]?.(run) === true).map((t) => t.team.name),
    runner: (runner) => teams.filter((t) => t.matchesRunner(runner)).map((t) => t.team.name),
  };
}
