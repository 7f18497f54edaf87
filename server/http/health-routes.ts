/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import type { FastifyInstance } from "fastify";
import type { StoreLifecycle } from "../store/store";

/** Registers the health probes. Both are public and cheap. */
export async function healthRoutes(
  app: FastifyInstance,
  { store }: { store: Pick<StoreLifecycle, "ping"> },
): Promise<void> {
  const open = { config: { access: "public" as const } };
  app.get("/healthz", open, async () => ({ status: "ok" }));
  app.get("/readyz", open, async (_request, reply) => {
    try {
      await store.ping();
      return { status: "ready" };
    } catch {
      return reply
        .code(503)
        .send({ status: "unavailable", error: { code: "database", message: "database unavailable" } });
    }
  });
}
