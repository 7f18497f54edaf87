/**
 * Scoping of the answers read from memory rather than filtered in SQL (the
 * runner registry, usage rows), and the metrics store bound to a caller:
 * kept apart so each route stays one line.
 */
import type { FastifyRequest } from "fastify";
import type { Runner } from "../../lib/runner";
import type { TeamScope } from "../../lib/teams";
import type { TeamDirectory } from "../auth/team-directory";
import { scopedMetrics } from "../store/scoped-metrics";
import type { FleetReads, MetricsStore } from "../store/store";
import { scopeMatcher } from "../store/team-scope";

/** The runners a caller with these teams sees (every runner when `teams` is null). See `CompiledTeam.matchesRunner`. */
export async function visibleRunners<R extends Pick<Runner, "source" | "labels" | "group">>(
  runners: R[],
  teams: readonly string[] | null,
  directory: TeamDirectory,
): Promise<R[]> {
  if (teams === null) return runners;
  const { byName } = await directory.snapshot();
  const mine = teams.flatMap((name) => byName.get(name) ?? []);
  return runners.filter((runner) => mine.some((team) => team.matchesRunner(runner)));
}

/** Usage rows (per source, pool and repository) a scoped caller sees: those its teams match. */
export function visibleUsage<U extends { source: string; pool: string; repo: string }>(
  rows: U[],
  scope: TeamScope,
): U[] {
  if (scope === null) return rows;
  const matches = scopeMatcher(scope);
  return rows.filter((row) => matches({ repo: row.repo, source: row.source, pool: row.pool }));
}

/**
 * The fleet and metrics reads a metrics route uses, bound to the caller: the
 * metric reads get its scope (see `scopedMetrics`), the runner list and usage
 * rows are filtered to its teams.
 */
export function scopedFleetStore<S extends MetricsStore & Pick<FleetReads, "listRunners" | "usage">>(
  store: S,
  request: FastifyRequest,
  directory: TeamDirectory,
): S {
  const teams = request.principal?.teams ?? null;
  if (request.scope === null || teams === null) return store;
  const scope = request.scope;
  return {
    ...scopedMetrics(store, scope),
    listRunners: async () => visibleRunners(await store.listRunners(), teams, directory),
    usage: async (from: number, to: number) => visibleUsage(await store.usage(from, to), scope),
  };
}
