/**
 * `GET /api/v1/runs`, `/runs/:id`, `/runners` and `/sources`: pipelines across
 * every CI, the runner registry and each webhook endpoint's delivery health.
 */
import type { FastifyInstance } from "fastify";
import { runQuerySchema } from "../../lib/api";
import type { RunnerListResponse } from "../../lib/runner";
import { DELIVERY_OUTCOMES, type DeliveryStats, type SourceListResponse } from "../../lib/sources";
import type { Clock } from "../domain/clock";
import { effectiveRunner } from "../domain/runner-state";
import type { SourceAdapter } from "../ingest/source";
import type { FleetReads, RunReads } from "../store/store";
import type { TeamDirectory } from "../auth/team-directory";
import { HttpError } from "./errors";
import { visibleRunners } from "./team-filters";
import { sourceVisible } from "../auth/team-reach";
import { parseQuery } from "./validate";

/** Options of the fleet routes. */
export interface FleetRoutesOptions {
  store: RunReads & FleetReads;
  clock: Clock;
  /** Every webhook endpoint, and whether its secret is set. */
  sources: { adapter: SourceAdapter; configured: boolean }[];
  runnerOfflineAfterMs: number;
  /** The teams, to scope the runner list. */
  directory: TeamDirectory;
}

const noDeliveries = (source: DeliveryStats["source"]): DeliveryStats => ({
  source,
  counts: Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0])) as DeliveryStats["counts"],
  lastDeliveryAt: null,
  lastAcceptedAt: null,
  lastRefusedAt: null,
});

/** Registers the run, runner and source read routes. */
export async function fleetRoutes(app: FastifyInstance, options: FleetRoutesOptions): Promise<void> {
  const { store, clock } = options;
  const read = { config: { access: "read" as const } };

  app.get("/api/v1/runs", read, async (request) =>
    store.listRuns(parseQuery(runQuerySchema, request.query), request.scope),
  );

  app.get<{ Params: { id: string } }>("/api/v1/runs/:id", read, async (request) => {
    const detail = await store.getRun(request.params.id, request.scope);
    if (!detail)
      throw new HttpError(404, "not_found", `no run with id ${JSON.stringify(request.params.id)}`, "id");
    return detail;
  });

  app.get("/api/v1/runners", read, async (request): Promise<RunnerListResponse> => {
    const now = clock.now();
    // The registry is small and has no repository column: scoped in memory, by source and pool.
    const runners = await visibleRunners(
      await store.listRunners(),
      request.principal?.teams ?? null,
      options.directory,
    );
    return { items: runners.map((r) => effectiveRunner(r, now, options.runnerOfflineAfterMs)) };
  });

  // Delivery counts cover every repository of a source: a scoped caller sees only sources its teams give alone.
  app.get("/api/v1/sources", read, async (request): Promise<SourceListResponse> => {
    const [stats, lost] = await Promise.all([store.listDeliveryStats(), store.countLostJobs()]);
    const bySource = new Map(stats.map((s) => [s.source, s]));
    return {
      items: options.sources
        .filter(({ adapter }) => sourceVisible(request.scope, adapter.source))
        .map(({ adapter, configured }) => ({
          ...(bySource.get(adapter.source) ?? noDeliveries(adapter.source)),
          configured,
          secretVariables: [...adapter.secretVariables],
          path: `/api/v1/webhooks/${adapter.source}`,
          lostJobs: lost[adapter.source] ?? 0,
        })),
    };
  });
}
