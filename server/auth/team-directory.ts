/**
 * The teams as the server uses them on every request and every event: read
 * from the store, compiled once, and kept for a few seconds. A change made on
 * this node takes effect at once (`invalidate`); one made on another node
 * within `TEAM_CACHE_MS`.
 */
import type { Job } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import { poolOf } from "../../lib/runner";
import { compileTeam, scopeOfTeams, type Team, type TeamMatcher, type TeamScope } from "../../lib/teams";
import type { TeamStore } from "../store/store";

/** How long another node's team change may take to be seen here. */
export const TEAM_CACHE_MS = 5_000;

/** One team, compiled. */
export interface CompiledTeam {
  team: Team;
  /** True when the job belongs to the team. */
  matchesJob: (job: Pick<Job, "repo" | "source" | "runner">) => boolean;
  /**
   * True when the runner serves the team: the team gives sources or pools and
   * those it gives match the runner's (runners have no repository, so a team
   * of repository globs only sees no runners).
   */
  matchesRunner: (runner: Pick<Runner, "source" | "labels" | "group">) => boolean;
}

/** A snapshot of the compiled teams. */
export interface TeamSnapshot {
  teams: readonly CompiledTeam[];
  byName: ReadonlyMap<string, CompiledTeam>;
}

function compile(team: Team): CompiledTeam {
  const jobMatch: TeamMatcher = compileTeam(team);
  const runnerMatch: TeamMatcher = compileTeam({ repos: [], sources: team.sources, pools: team.pools });
  return {
    team,
    matchesJob: (job) =>
      jobMatch({ repo: job.repo, source: job.source, pool: poolOf(job.runner.labels, job.runner.group) }),
    matchesRunner: (runner) =>
      runnerMatch({ repo: null, source: runner.source, pool: poolOf(runner.labels, runner.group) }),
  };
}

/** Cached, compiled teams. */
export class TeamDirectory {
  private cached: { at: number; snapshot: Promise<TeamSnapshot> } | null = null;
  private loaded: TeamSnapshot | null = null;

  constructor(
    private readonly store: Pick<TeamStore, "listTeams">,
    private readonly now: () => number,
  ) {}

  /** The current teams (from the cache when fresh). */
  snapshot(): Promise<TeamSnapshot> {
    const now = this.now();
    if (this.cached && now - this.cached.at < TEAM_CACHE_MS) return this.cached.snapshot;
    const snapshot = this.store.listTeams().then((teams) => {
      const compiled = teams.map(compile);
      const loaded = { teams: compiled, byName: new Map(compiled.map((c) => [c.team.name, c])) };
      this.loaded = loaded;
      return loaded;
    });
    // A failed read must not stick: the next call tries again.
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = null;
    });
    this.cached = { at: now, snapshot };
    return snapshot;
  }

  /**
   * The last snapshot loaded, at once (for the broadcaster, which routes each
   * change synchronously); starts a reload when it is stale. Null before the
   * first load: scoped sockets then receive nothing, never too much.
   */
  latest(): TeamSnapshot | null {
    void this.snapshot().catch(() => {});
    return this.loaded;
  }

  /** Drops the cache and reloads at once: call after changing a team. */
  invalidate(): void {
    this.cached = null;
    void this.snapshot().catch(() => {});
  }

  /** The scope of a caller with these team names (null: unscoped). */
  async scopeOf(names: readonly string[] | null): Promise<TeamScope> {
    if (names === null) return null;
    const { teams } = await this.snapshot();
    return scopeOfTeams(
      names,
      teams.map((t) => t.team),
    );
  }
}
