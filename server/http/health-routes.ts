/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: see `readiness.ts`). */
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors";
import { notReadyMessage, readiness, type ReadinessCheck } from "./readiness";

/**
 * Registers the health probes. Both are public, cheap, and still answered
 * while draining: liveness stays 200 (the process is fine; restarting it
 * would cut the drain short) and readiness says it is draining.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { checks }: { checks: readonly ReadinessCheck[] },
): Promise<void> {
  const open = { config: { access: "public" as const, answersWhileDraining: true } };
  app.get("/healthz", open, async () => ({ status: "ok" }));
  app.get("/readyz", open, async (_request, reply) => {
    const report = await readiness(checks);
    if (report.ready) return { status: "ready", ...report };
    return reply
      .code(503)
      .send({ status: "unavailable", ...report, ...errorBody("not_ready", notReadyMessage(report)) });
  });
}
