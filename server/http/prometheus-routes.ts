/**
 * `GET /metrics`: the Prometheus export (docs/prometheus.md). Text format
 * 0.0.4, or OpenMetrics 1.0 when the Accept header asks for it. Scraping needs
 * a read credential (API key or session), unless RUNWATCH_METRICS_PUBLIC=on
 * opens it to anyone — for a scraper on a private network that cannot send one.
 */
import type { FastifyInstance } from "fastify";
import { negotiateFormat } from "../telemetry/exposition";
import type { Telemetry } from "../telemetry/telemetry";
import { HttpError } from "./errors";

/** Where the export is served (Prometheus's default `metrics_path`). */
export const PROMETHEUS_PATH = "/metrics";

/** Options of the route. */
export interface PrometheusRoutesOptions {
  telemetry: Pick<Telemetry, "render">;
  /** True: anyone may scrape (RUNWATCH_METRICS_PUBLIC=on). */
  open: boolean;
}

/** Registers `GET /metrics`. */
export async function prometheusRoutes(
  app: FastifyInstance,
  options: PrometheusRoutesOptions,
): Promise<void> {
  const access = options.open ? ("public" as const) : ("read" as const);
  app.get(PROMETHEUS_PATH, { config: { access } }, async (request, reply) => {
    // The export is fleet-wide (every source, pool and repository): not for a team-scoped caller.
    if (request.scope !== null)
      throw new HttpError(
        403,
        "forbidden",
        "the Prometheus export is fleet-wide: scrape with an unscoped key",
      );
    const { contentType, body } = await options.telemetry.render(negotiateFormat(request.headers.accept));
    // Every scrape is fresh figures: no cache between Prometheus and the node.
    return reply.type(contentType).header("cache-control", "no-store").send(body);
  });
}
