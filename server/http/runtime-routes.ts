/**
 * `GET /api/v1/runtime`: how the server process is doing — event-loop lag,
 * memory, open live connections — for the benchmark and operators (read
 * scope). A later Prometheus export reads the same figures.
 */
import type { FastifyInstance } from "fastify";
import type { EventLoopLag } from "../runtime/event-loop";

/** The answer of `GET /api/v1/runtime`. */
export interface RuntimeStats {
  eventLoop: EventLoopLag;
  rssBytes: number;
  heapUsedBytes: number;
  /** Live Socket.IO connections. */
  sockets: number;
}

/** What the route reads. */
export interface RuntimeRoutesDeps {
  eventLoopLag: () => EventLoopLag;
  sockets: () => number;
}

/** Registers `GET /api/v1/runtime`. */
export async function runtimeRoutes(app: FastifyInstance, deps: RuntimeRoutesDeps): Promise<void> {
  app.get("/api/v1/runtime", { config: { access: "read" } }, async (): Promise<RuntimeStats> => {
    const memory = process.memoryUsage();
    return {
      eventLoop: deps.eventLoopLag(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      sockets: deps.sockets(),
    };
  });
}
