/** `GET /api/v1/metrics/queue/depth`: a pool's queue depth over time and the accuracy of its ETAs. */
import type { FastifyInstance } from "fastify";
import { queueDepthQuerySchema } from "../../lib/queue-depth";
import type { TeamScope } from "../../lib/teams";
import { poolVisible } from "../auth/team-reach";
import type { Clock } from "../domain/clock";
import { queueDepth } from "../queue-intel/queue-depth";
import type { QueueIntelStore } from "../store/queue-intel-store";
import { HttpError } from "./errors";
import { parseQuery } from "./validate";

/** Options of {@link queueDepthRoutes}. */
export interface QueueDepthRoutesOptions {
  store: Pick<QueueIntelStore, "queueDepth" | "etaOutcomes">;
  clock: Clock;
}

type DepthStore = QueueDepthRoutesOptions["store"];

/**
 * The store as a scoped caller reads it: only the pools it may see
 * (`poolVisible`), so the every-pool sum is the sum of its own pools.
 */
function scopedDepthStore(store: DepthStore, scope: TeamScope): DepthStore {
  if (scope === null) return store;
  return {
    queueDepth: async (pool, from, to) =>
      (await store.queueDepth(pool, from, to)).filter((row) => poolVisible(scope, row.pool)),
    etaOutcomes: async (pool, from, to) =>
      (await store.etaOutcomes(pool, from, to)).filter((row) => poolVisible(scope, row.pool)),
  };
}

/**
 * Registers the route (read access; a bad `window` or `pool` is a 400 naming it).
 * A team-scoped caller sees its pools only: another pool is a 404, and no `pool` sums its own.
 */
export async function queueDepthRoutes(
  app: FastifyInstance,
  options: QueueDepthRoutesOptions,
): Promise<void> {
  app.get("/api/v1/metrics/queue/depth", { config: { access: "read" as const } }, async (request) => {
    const query = parseQuery(queueDepthQuerySchema, request.query);
    if (query.pool !== undefined && !poolVisible(request.scope, query.pool))
      throw new HttpError(404, "not_found", `no pool named ${JSON.stringify(query.pool)}`, "pool");
    return queueDepth(scopedDepthStore(options.store, request.scope), query, options.clock.now());
  });
}
