/**
 * `POST /api/v1/deliveries/replay` (admin): the `runwatch replay` of a
 * running server. It re-processes every stored delivery in the server's own
 * process, so each re-applied delivery is announced on its domain events and
 * reaches open dashboards live, as a fresh delivery would (the CLI, a separate
 * process, can only write the database). One replay at a time; audited as
 * `deliveries.replayed` with its counts, like the CLI's.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { replayDeliveries } from "../ingest/replay";
import type { ReplayStore } from "../store/store";
import { HttpError } from "./errors";
import { parseBody } from "./validate";

/** Dependencies of the replay route. */
export interface ReplayRoutesDeps {
  store: ReplayStore;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
}

/** Body of `POST /deliveries/replay`: deliveries per step, as `runwatch replay --batch`. */
export const replayBodySchema = z.strictObject({ batch: z.number().int().min(1).max(10_000).default(500) });

/** `POST /deliveries/replay` answer: the CLI's `--json` summary. */
export interface ReplaySummary {
  generation: string;
  deliveries: number;
  applied: number;
  ignored: number;
  failed: number;
  ms: number;
  /** The first 100 deliveries the current normalisers refuse, with why. */
  failures: { seq: number; source: string; error: string }[];
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** Registers `POST /api/v1/deliveries/replay`. */
export async function replayRoutes(
  app: FastifyInstance,
  { store, clock, audit, events }: ReplayRoutesDeps,
): Promise<void> {
  let running = false;
  app.post(
    "/api/v1/deliveries/replay",
    { config: { access: "admin" } },
    async (request): Promise<ReplaySummary> => {
      const { batch } = parseBody(replayBodySchema, request.body ?? {});
      // Two replays interleaving their generations would each rebuild what the other just wrote.
      if (running) throw new HttpError(409, "conflict", "a replay is already running");
      running = true;
      try {
        const started = clock.now();
        const result = await replayDeliveries({ store, batchSize: batch, events });
        const summary = {
          generation: result.generation,
          deliveries: result.done,
          applied: result.applied,
          ignored: result.ignored,
          failed: result.failed.length,
          ms: clock.now() - started,
        };
        await audit.record({
          actor: actor(request),
          action: "deliveries.replayed",
          ip: request.ip,
          details: summary,
        });
        return { ...summary, failures: result.failed.slice(0, 100) };
      } finally {
        running = false;
      }
    },
  );
}
