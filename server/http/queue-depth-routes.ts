/** `GET /api/v1/metrics/queue/depth`: a pool's queue depth over time and the accuracy of its ETAs. */
import type { FastifyInstance } from "fastify";
import { queueDepthQuerySchema } from "../../lib/queue-depth";
import type { Clock } from "../domain/clock";
import { queueDepth } from "../queue-intel/queue-depth";
import type { QueueIntelStore } from "../store/queue-intel-store";
import { parseQuery } from "./validate";

/** Options of {@link queueDepthRoutes}. */
export interface QueueDepthRoutesOptions {
  store: Pick<QueueIntelStore, "queueDepth" | "etaOutcomes">;
  clock: Clock;
}

/** Registers the route (read access; a bad `window` or `pool` is a 400 naming it). */
export async function queueDepthRoutes(
  app: FastifyInstance,
  options: QueueDepthRoutesOptions,
): Promise<void> {
  app.get("/api/v1/metrics/queue/depth", { config: { access: "read" as const } }, async (request) =>
    queueDepth(options.store, parseQuery(queueDepthQuerySchema, request.query), options.clock.now()),
  );
}
