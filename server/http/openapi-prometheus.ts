/**
 * The OpenAPI operation of `GET /metrics` (`prometheus-routes.ts`): a text
 * answer in the Prometheus or OpenMetrics exposition format, not JSON. Its
 * access follows RUNWATCH_METRICS_PUBLIC, as the route's does.
 */
import { operation } from "./openapi-operation";
import type { JsonSchema } from "./openapi-schema-kit";
import { PROMETHEUS_PATH } from "./prometheus-routes";

const exposition = (description: string) => ({ type: "string", description });

/** The path of the Prometheus export, readable by `read` (or anyone when `open`). */
export function prometheusPaths(open: boolean): Record<string, Record<string, JsonSchema>> {
  return {
    [PROMETHEUS_PATH]: {
      get: operation("get", "prometheusMetrics", {
        tag: "Health",
        access: open ? "public" : "read",
        summary: "Prometheus metrics of this node",
        description:
          "Deliveries, acknowledgement latency, group-commit batches, live connections, event-loop lag, dependency health, the queue and runners per label pool, job duration and queue-time histograms; every series is listed in docs/prometheus.md. Send `Accept: application/openmetrics-text` for OpenMetrics 1.0; the Prometheus text format 0.0.4 otherwise. Needs a read credential unless RUNWATCH_METRICS_PUBLIC=on; a team-scoped caller gets 403 (the export is fleet-wide).",
        parameters: [
          {
            name: "accept",
            in: "header",
            required: false,
            description:
              "`application/openmetrics-text` (with a quality not below `text/plain`'s) for OpenMetrics.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "Every series now.",
            content: {
              "text/plain; version=0.0.4": {
                schema: exposition("The Prometheus text exposition format 0.0.4."),
              },
              "application/openmetrics-text; version=1.0.0": {
                schema: exposition("OpenMetrics 1.0 text, ending in `# EOF`."),
              },
            },
          },
        },
      }),
    },
  };
}
