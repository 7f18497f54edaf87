/**
 * The stall radar's routes: `GET /api/v1/pools/{pool}/demand` (read; the
 * demand signal an autoscaler such as KEDA's `metrics-api` scaler polls) and
 * `POST /api/v1/jobs/{id}/lost` (admin; an admin's one-click "mark lost" of a
 * stale job, audited and broadcast).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { PoolDemand } from "../../lib/stall";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { readDemand, type RadarContext } from "../metrics/stall";
import type { FleetReads } from "../store/store";
import { HttpError } from "./errors";
import { poolVisible } from "../auth/team-reach";

/** Longest pool name accepted (as `PUT /pools/{pool}/kind`). */
const MAX_POOL_LENGTH = 300;

/** Dependencies of the stall routes. */
export interface StallRoutesOptions {
  store: RadarContext["store"] & Pick<FleetReads, "markJobLost">;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
  runnerOfflineAfterMs: number;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** Registers the demand and mark-lost routes. */
export async function stallRoutes(app: FastifyInstance, options: StallRoutesOptions): Promise<void> {
  const { store, clock } = options;
  const read = { config: { access: "read" as const } };
  const admin = { config: { access: "admin" as const } };

  app.get<{ Params: { pool: string } }>("/api/v1/pools/:pool/demand", read, async (request) => {
    const pool = request.params.pool;
    if (pool.trim() === "" || pool.length > MAX_POOL_LENGTH)
      throw new HttpError(400, "invalid_params", `pool must be 1 to ${MAX_POOL_LENGTH} characters`, "pool");
    const demands = await readDemand({
      store,
      now: clock.now(),
      runnerOfflineAfterMs: options.runnerOfflineAfterMs,
    });
    const demand: PoolDemand | undefined = demands.get(pool);
    // A pool outside a scoped caller's teams is unknown to it, exactly as a pool that does not exist.
    if (!demand || !poolVisible(request.scope, pool))
      throw new HttpError(404, "not_found", `no pool named ${JSON.stringify(pool)}`, "pool");
    return demand;
  });

  app.post<{ Params: { id: string } }>("/api/v1/jobs/:id/lost", admin, async (request) => {
    const { id } = request.params;
    const now = clock.now();
    const result = await store.markJobLost(id, now);
    if (result.outcome === "not_found")
      throw new HttpError(404, "not_found", `no job with id ${JSON.stringify(id)}`, "id");
    if (result.outcome === "finished")
      throw new HttpError(
        409,
        "conflict",
        `job ${JSON.stringify(id)} has already finished (${result.job.status})`,
        "id",
      );
    const { current, previous } = result.change;
    if (current !== previous) {
      await options.audit.record({
        actor: actor(request),
        action: "job.marked_lost",
        target: id,
        ip: request.ip,
        details: { status: current.status, source: current.source },
      });
      // Open dashboards drop it from the queue at once (jobs:updated, then metrics:updated).
      options.events.emit("job.changed", { job: current, previous });
    }
    return current;
  });
}
