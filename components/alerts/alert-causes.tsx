import Link from "next/link";
import type { Alert, AlertCause } from "@/lib/alerts";

/** The job page of a job id. */
export const jobHref = (jobId: string) => `/jobs/${encodeURIComponent(jobId)}`;

/** Props of {@link CauseLink}. */
interface CauseLinkProps {
  verb: "Opened" | "Closed";
  cause: AlertCause;
}

// At least 40 px tall on a phone (a tap target); inline with the text from `sm` up.
const linkClass =
  "inline-flex min-h-10 items-center font-mono text-accent underline underline-offset-2 hover:decoration-2 sm:min-h-0";

/** "Opened by job github:1 · run github:9": the job as a link to its page, its run beside it. */
function CauseLink({ verb, cause }: CauseLinkProps) {
  return (
    <span
      data-testid={`alert-${verb.toLowerCase()}-by`}
      className="inline-flex flex-wrap items-center gap-x-1"
    >
      <span className="text-muted">{verb} by job</span>
      <Link href={jobHref(cause.jobId)} className={linkClass}>
        {cause.jobId}
      </Link>
      {cause.runId && (
        <span className="text-muted">
          · run <span className="font-mono">{cause.runId}</span>
        </span>
      )}
    </span>
  );
}

/** Props of {@link AlertCauses}. */
export interface AlertCausesProps {
  alert: Pick<Alert, "openedBy" | "closedBy" | "resolution" | "state">;
}

/**
 * Which job and run opened and closed an alert, and once resolved, why
 * ("rule disabled", "Job test … started after 12m in queue on pool linux.").
 * Nothing when the alert names neither (a runner, a source).
 */
export function AlertCauses({ alert }: AlertCausesProps) {
  const resolution = alert.state === "resolved" ? alert.resolution : null;
  if (!alert.openedBy && !alert.closedBy && !resolution) return null;
  return (
    <div className="space-y-0.5 text-xs">
      {(alert.openedBy || alert.closedBy) && (
        <p className="flex flex-wrap items-center gap-x-4">
          {alert.openedBy && <CauseLink verb="Opened" cause={alert.openedBy} />}
          {alert.closedBy && <CauseLink verb="Closed" cause={alert.closedBy} />}
        </p>
      )}
      {resolution && (
        <p data-testid="alert-resolution" className="break-words">
          <span className="text-muted">Resolved: </span>
          {resolution}
        </p>
      )}
    </div>
  );
}
