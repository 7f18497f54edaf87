import type { Metadata } from "next";
import { alertHistoryQuery, channelsQuery, rulesQuery } from "@/components/api/alert-queries";
import { Prefetch } from "@/components/api/prefetch";
import { AdminGate } from "@/components/auth/admin-gate";
import { AlertHistory } from "@/components/alerts/alert-history";
import { AlertRulesPanel } from "@/components/alerts/alert-rules-panel";
import { ChannelPanel } from "@/components/alerts/channel-panel";

export const metadata: Metadata = { title: "Alerts" };

/** `/alerts` (admin): alert rules, the channels they notify, and the history of fired alerts with deliveries. */
export default function AlertsPage() {
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Alerts</h1>
        <p className="max-w-prose text-sm text-muted">
          Rules watch jobs, queues, runners and sources; when one fires, its channels are notified. The
          history below updates live. Every change here is recorded in the audit log.
        </p>
      </div>
      <AdminGate what="alerting">
        <Prefetch
          load={(client) => [
            client.prefetchQuery(rulesQuery()),
            client.prefetchQuery(channelsQuery()),
            client.prefetchInfiniteQuery(alertHistoryQuery()),
          ]}
        >
          <div className="space-y-5">
            <AlertRulesPanel />
            <ChannelPanel />
            <AlertHistory />
          </div>
        </Prefetch>
      </AdminGate>
    </div>
  );
}
