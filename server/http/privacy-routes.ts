/**
 * `POST /api/v1/privacy/erasures` (admin): GDPR erasure of one person — the
 * `runwatch privacy erase` of a running server. One erasure at a time (each
 * is a single transaction over every table; two at once would only queue).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Clock } from "../domain/clock";
import { erasePerson, MAX_PERSON, type ErasureResult } from "../privacy/erasure";
import type { AuditStore, MetricsStore, PrivacyStore } from "../store/store";
import { HttpError } from "./errors";
import { parseBody } from "./validate";

/** Dependencies of the privacy routes. */
export interface PrivacyRoutesDeps {
  store: PrivacyStore & AuditStore & Pick<MetricsStore, "refreshMetrics">;
  clock: Clock;
  /** The pseudonym key (see `loadPrivacyKey`). */
  privacyKey: Buffer;
}

/** Body of `POST /privacy/erasures`: a login, email or display name; `dryRun` counts without changing anything. */
export const erasureBodySchema = z.strictObject({
  person: z.string().trim().min(3).max(MAX_PERSON),
  dryRun: z.boolean().default(false),
});

/** Registers `POST /api/v1/privacy/erasures`. */
export async function privacyRoutes(
  app: FastifyInstance,
  { store, clock, privacyKey }: PrivacyRoutesDeps,
): Promise<void> {
  let running = false;
  app.post(
    "/api/v1/privacy/erasures",
    { config: { access: "admin" } },
    async (request): Promise<ErasureResult> => {
      const { person, dryRun } = parseBody(erasureBodySchema, request.body ?? {});
      if (running) throw new HttpError(409, "conflict", "an erasure is already running");
      running = true;
      try {
        return await erasePerson(store, privacyKey, {
          person,
          dryRun,
          actor: request.principal?.keyId ?? "anonymous",
          ip: request.ip,
          now: clock.now(),
        });
      } finally {
        running = false;
      }
    },
  );
}
