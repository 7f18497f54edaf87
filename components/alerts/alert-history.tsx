"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { History, LoaderCircle } from "lucide-react";
import type { Alert, AlertDelivery, AlertWhere, Channel } from "@/lib/alerts";
import { alertHistoryQuery, channelsQuery } from "@/components/api/alert-queries";
import { AlertCauses } from "./alert-causes";
import { SeverityBadge } from "./alert-rules-panel";
import { formatDateTime } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { EmptyState, QueryError, TableSkeleton } from "@/components/ui/query-state";
import { Panel } from "@/components/ui/panel";
import { buttonClass } from "@/components/ui/classes";

const HEADING_ID = "alerts-history-heading";

const pill = "rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATE_STYLE: Record<Alert["state"], string> = {
  firing: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
  resolved:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
};
const DELIVERY_STYLE: Record<AlertDelivery["status"], string> = {
  pending:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  sent: STATE_STYLE.resolved,
  failed: STATE_STYLE.firing,
};

/** "acme/api · main · CI · build", from whichever parts apply. */
export const whereSummary = (where: AlertWhere) =>
  [where.source, where.repo, where.branch, where.workflow, where.job, where.pool, where.runner]
    .filter(Boolean)
    .join(" · ");

/** One delivery line: channel, notice, status, attempts and the last error. */
function DeliveryLine({ delivery, channels }: { delivery: AlertDelivery; channels: readonly Channel[] }) {
  const channel = channels.find((c) => c.id === delivery.channelId);
  return (
    <li
      data-testid="alert-delivery"
      data-status={delivery.status}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs"
    >
      <span className="font-medium">{channel?.name ?? `${delivery.channelId} (deleted)`}</span>
      <span className="text-muted">{delivery.notice}</span>
      <span className={`${pill} ${DELIVERY_STYLE[delivery.status]}`}>{delivery.status}</span>
      <span className="text-muted tabular-nums">
        {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
      </span>
      {delivery.sentAt && <span className="text-muted">sent {formatDateTime(delivery.sentAt)}</span>}
      {delivery.status === "pending" && delivery.nextAttemptAt && (
        <span className="text-muted">next try {formatDateTime(delivery.nextAttemptAt)}</span>
      )}
      {delivery.lastError && (
        <span className="basis-full break-words text-red-700 dark:text-red-300">
          Last error: {delivery.lastError}
        </span>
      )}
    </li>
  );
}

/** One fired alert with its deliveries, the jobs and runs that opened and closed it, and why it resolved. */
function AlertItem({
  alert,
  channels,
}: {
  alert: Alert & { deliveries: AlertDelivery[] };
  channels: readonly Channel[];
}) {
  const where = whereSummary(alert.where);
  return (
    <li
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-state={alert.state}
      className="space-y-1.5 px-4 py-3"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className={`${pill} ${STATE_STYLE[alert.state]}`}>{alert.state}</span>
        <SeverityBadge severity={alert.severity} />
        <span className="font-medium">{alert.ruleName}</span>
        <span className="text-xs text-muted">{alert.event}</span>
        <span className="ml-auto whitespace-nowrap text-xs text-muted" title={formatDateTime(alert.firedAt)}>
          <RelativeTime iso={alert.firedAt} />
          {alert.resolvedAt && <> · resolved {formatDateTime(alert.resolvedAt)}</>}
        </span>
      </div>
      <p className="text-sm">{alert.summary}</p>
      {where && <p className="font-mono text-xs text-muted">{where}</p>}
      <AlertCauses alert={alert} />
      {alert.deliveries.length > 0 ? (
        <ul
          aria-label={`Deliveries of ${alert.ruleName}`}
          className="space-y-1 border-l-2 border-border pl-3"
        >
          {alert.deliveries.map((delivery) => (
            <DeliveryLine key={delivery.id} delivery={delivery} channels={channels} />
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted">No channels: recorded here only.</p>
      )}
    </li>
  );
}

/** The Alerts page's history: fired alerts newest first with each delivery; refreshed live by `alert:fired`. */
export function AlertHistory() {
  const query = useInfiniteQuery(alertHistoryQuery());
  const channels = useQuery(channelsQuery()).data ?? [];
  const alerts = query.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (query.isPending) body = <TableSkeleton label="Loading alert history" rows={3} />;
  else if (query.isError && !query.data)
    body = <QueryError what="the alert history" error={query.error} onRetry={() => void query.refetch()} />;
  else if (alerts.length === 0)
    body = (
      <EmptyState icon={<History className="size-6" aria-hidden />} title="No alerts have fired yet">
        They appear here as they fire, with where each notification went.
      </EmptyState>
    );
  else
    body = (
      <>
        <ul
          data-testid="alert-history"
          aria-label="Fired alerts, newest first"
          className="divide-y divide-border"
        >
          {alerts.map((alert) => (
            <AlertItem key={alert.id} alert={alert} channels={channels} />
          ))}
        </ul>
        {query.hasNextPage && (
          <div className="flex justify-center border-t border-border px-4 py-3">
            <button
              type="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
              className={buttonClass.secondary}
            >
              {query.isFetchingNextPage && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
              Load more
            </button>
          </div>
        )}
      </>
    );

  return (
    <Panel
      headingId={HEADING_ID}
      data-testid="history-panel"
      title={
        <>
          <History aria-hidden className="size-4 text-muted" />
          Alert history
        </>
      }
    >
      {body}
    </Panel>
  );
}
