/**
 * The alerting REST API (docs/api.md, "Alerting"): channels
 * (`alert-channel-routes.ts`), alert rules (`alert-rule-routes.ts`) and the
 * list of fired alerts with their deliveries, `GET /api/v1/alerts` (`?jobId=`
 * narrows it to one job's), and `GET /api/v1/alerts/open-count` (the badge).
 */
import type { FastifyInstance } from "fastify";
import type { AlertListResponse, AlertOpenCount } from "../../lib/alerts";
import type { AuditRecorder } from "../auth/audit";
import { allows } from "../auth/principal";
import type { Clock } from "../domain/clock";
import type { OutboundAllow } from "../outbound/address-policy";
import type { AlertConfigStore, AlertStateStore } from "../store/store";
import { channelRoutes, type ChannelTester } from "./alert-channel-routes";
import { alertListQuerySchema } from "./alert-input";
import { ruleRoutes, type CloseRuleAlerts, type RuleRoutesDeps } from "./alert-rule-routes";
import { parseQuery } from "./validate";

export type { ChannelTester, ChannelTestResult } from "./alert-channel-routes";

/** Options of the alerting routes. */
export interface AlertRoutesOptions {
  store: AlertConfigStore & Pick<AlertStateStore, "listAlerts" | "countOpenAlerts">;
  clock: Clock;
  audit: AuditRecorder;
  /** Sends a test notification through a channel; without it `POST /channels/:id/test` answers 501. */
  sendTest?: ChannelTester;
  /** Resolves a rule's open alerts when it is disabled or deleted (the dispatcher's `closeRule`). */
  closeAlerts?: CloseRuleAlerts;
  /** What channel URLs may name beyond public addresses (RUNWATCH_OUTBOUND_ALLOW). */
  outboundAllow: OutboundAllow;
  /** Every SLO (an slo_burn rule's exact `match.slo` must name one); without it any is taken. */
  listSlos?: RuleRoutesDeps["listSlos"];
}

/**
 * A delivery's `lastError` may quote what a receiver answered: only admins
 * see it; every other principal gets null in its place.
 */
function withoutErrors(page: AlertListResponse): AlertListResponse {
  return {
    ...page,
    items: page.items.map((alert) => ({
      ...alert,
      deliveries: alert.deliveries.map((delivery) => ({ ...delivery, lastError: null })),
    })),
  };
}

/** Registers `/api/v1/channels`, `/api/v1/alert-rules`, `/api/v1/alerts` and `/api/v1/alerts/open-count`. */
export async function alertRoutes(app: FastifyInstance, options: AlertRoutesOptions): Promise<void> {
  const { store } = options;
  await channelRoutes(app, options);
  await ruleRoutes(app, options);

  app.get("/api/v1/alerts", { config: { access: "read" } }, async (request): Promise<AlertListResponse> => {
    const page = await store.listAlerts(parseQuery(alertListQuerySchema, request.query), request.scope);
    return request.principal && allows(request.principal, "admin") ? page : withoutErrors(page);
  });

  app.get(
    "/api/v1/alerts/open-count",
    { config: { access: "read" } },
    async (request): Promise<AlertOpenCount> => ({ open: await store.countOpenAlerts(request.scope) }),
  );
}
