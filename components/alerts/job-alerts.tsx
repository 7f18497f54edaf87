"use client";

import { useQuery } from "@tanstack/react-query";
import { BellRing } from "lucide-react";
import type { Alert } from "@/lib/alerts";
import { jobAlertsQuery } from "@/components/api/alert-queries";
import { formatDateTime } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-state";
import { AlertCauses } from "./alert-causes";
import { SeverityBadge } from "./alert-rules-panel";

const HEADING_ID = "job-alerts-heading";

const pill = "rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATE_STYLE: Record<Alert["state"], string> = {
  firing: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
  resolved:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
};

/** What this job did in the alert: opened it, closed it, or was named by a later notice (failed again). */
function roleOf(alert: Alert, jobId: string): string {
  if (alert.openedBy?.jobId === jobId) return "this job opened it";
  if (alert.closedBy?.jobId === jobId) return "this job closed it";
  return "this job failed again while it fired";
}

/** Props of {@link JobAlerts}. */
export interface JobAlertsProps {
  jobId: string;
}

/**
 * The job page's "Alerts" section: the alerts this job opened, failed again
 * in, or closed (`GET /alerts?jobId=`), newest first, each with the jobs and
 * runs at either end. Refreshed live by `alert:fired` (see `AlertLiveProvider`).
 * Renders nothing while loading or when the job took part in no alert.
 */
export function JobAlerts({ jobId }: JobAlertsProps) {
  const query = useQuery(jobAlertsQuery(jobId));
  if (query.isError && !query.data)
    return <QueryError what="this job's alerts" error={query.error} onRetry={() => void query.refetch()} />;
  const alerts = query.data ?? [];
  if (alerts.length === 0) return null;
  return (
    <Panel
      headingId={HEADING_ID}
      data-testid="job-alerts"
      title={
        <>
          <BellRing aria-hidden className="size-4 text-muted" />
          Alerts
        </>
      }
      actions={<span className="text-xs tabular-nums text-muted">{alerts.length}</span>}
    >
      <ul aria-labelledby={HEADING_ID} className="divide-y divide-border">
        {alerts.map((alert) => (
          <li
            key={alert.id}
            data-testid="job-alert"
            data-alert-id={alert.id}
            data-state={alert.state}
            className="space-y-1.5 px-4 py-3"
          >
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <span className={`${pill} ${STATE_STYLE[alert.state]}`}>{alert.state}</span>
              <SeverityBadge severity={alert.severity} />
              <span className="font-medium">{alert.ruleName}</span>
              <span className="text-xs text-muted">{roleOf(alert, jobId)}</span>
              <span
                className="ml-auto whitespace-nowrap text-xs text-muted"
                title={formatDateTime(alert.firedAt)}
              >
                <RelativeTime iso={alert.firedAt} />
              </span>
            </div>
            <p className="break-words text-sm">{alert.summary}</p>
            <AlertCauses alert={alert} />
          </li>
        ))}
      </ul>
    </Panel>
  );
}
