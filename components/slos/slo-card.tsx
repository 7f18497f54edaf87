"use client";

import Link from "next/link";
import { useId } from "react";
import { SLO_BURN_WINDOWS, SLO_BURN_WINDOW_NAMES, type SloStatus } from "@/lib/slo";
import { Button } from "@/components/ui/button";
import { linkClass } from "@/components/ui/classes";
import { STATE_LABELS, describeObjective } from "./slo-describe";

/** Props of {@link SloCard}. */
export interface SloCardProps {
  status: SloStatus;
  /** Shown to admins on SLOs created through the API (file SLOs are read-only). */
  onEdit?: () => void;
  onDelete?: () => void;
}

const STATE_CLASS: Record<SloStatus["state"], string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-400/15 dark:text-emerald-200",
  slow_burn: "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200",
  fast_burn: "bg-red-100 text-red-900 dark:bg-red-400/15 dark:text-red-200",
  no_data: "bg-surface-muted text-muted",
};

/** Which threshold each burn window is judged against. */
const THRESHOLD: Record<(typeof SLO_BURN_WINDOW_NAMES)[number], number> = {
  "1h": SLO_BURN_WINDOWS.fast.rate,
  "5m": SLO_BURN_WINDOWS.fast.rate,
  "6h": SLO_BURN_WINDOWS.slow.rate,
  "30m": SLO_BURN_WINDOWS.slow.rate,
};

/** Consumers shown per card (the API gives up to 50). */
const SHOWN = 10;

/** One SLO: its objective, budget bar, burn rates and the events that consumed its budget. */
export function SloCard({ status, onEdit, onDelete }: SloCardProps) {
  const headingId = useId();
  const { slo, budget, burn, state, consumers } = status;
  const remaining = budget.remainingPercent;
  const width = remaining === null ? 0 : Math.max(0, Math.min(100, remaining));
  return (
    <section
      id={`slo-${encodeURIComponent(slo.id)}`}
      aria-labelledby={headingId}
      data-testid="slo-card"
      className="space-y-3 rounded-xl border border-border bg-surface p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-sm font-semibold">
            {slo.name}
            {slo.origin === "file" && (
              <span className="ml-2 rounded bg-surface-muted px-1.5 py-0.5 text-xs font-normal text-muted">
                from file (read-only)
              </span>
            )}
          </h2>
          <p className="text-sm text-muted">{describeObjective(slo.objective, slo.target)} over 28 days</p>
          {slo.description && (
            <p data-testid="slo-description" className="mt-1 max-w-prose text-sm">
              {slo.description}
            </p>
          )}
        </div>
        <div className="flex items-center gap-2">
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_CLASS[state]}`}>
            {STATE_LABELS[state]}
          </span>
          {onEdit && (
            <Button variant="secondary" size="sm" onClick={onEdit}>
              Edit
            </Button>
          )}
          {onDelete && (
            <Button variant="dangerOutline" size="sm" onClick={onDelete}>
              Delete
            </Button>
          )}
        </div>
      </div>

      <div>
        <div className="mb-1 flex justify-between text-xs text-muted">
          <span>Error budget remaining</span>
          <span data-testid="slo-remaining">
            {remaining === null ? "no events" : `${remaining}%`} · {budget.bad} of {budget.allowedBad} bad
            events allowed ({budget.events} events)
          </span>
        </div>
        <div
          role="meter"
          aria-label={`Error budget remaining for ${slo.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={width}
          className="h-2.5 overflow-hidden rounded-full bg-surface-muted"
        >
          <div
            className={`h-full ${width > 50 ? "bg-emerald-600" : width > 0 ? "bg-amber-500" : "bg-red-600"}`}
            style={{ width: `${width}%` }}
          />
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {SLO_BURN_WINDOW_NAMES.map((window) => {
          const value = burn[window];
          const hot = value !== null && value >= THRESHOLD[window];
          return (
            <div key={window} className="rounded-md border border-border px-2 py-1.5">
              <dt className="text-xs text-muted">
                Burn {window} (alert at {THRESHOLD[window]}×)
              </dt>
              <dd className={`font-medium tabular-nums ${hot ? "text-red-700 dark:text-red-300" : ""}`}>
                {value === null ? "—" : `${value}×`}
              </dd>
            </div>
          );
        })}
      </dl>

      {status.note && <p className="text-xs text-muted">{status.note}</p>}

      {consumers.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-medium text-muted">Consumed the budget (newest first)</h3>
          <ul className="space-y-1 text-sm">
            {consumers.slice(0, SHOWN).map((c) => (
              <li key={`${c.id}-${c.at}`} className="flex flex-wrap gap-x-2">
                <Link href={c.path} className={linkClass}>
                  {c.label}
                </Link>
                <span className="text-muted">
                  {c.detail} · <time dateTime={c.at}>{new Date(c.at).toLocaleString()}</time>
                </span>
              </li>
            ))}
          </ul>
          {consumers.length > SHOWN && (
            <p className="mt-1 text-xs text-muted">
              and {consumers.length - SHOWN} more (GET /api/v1/slos/{slo.id} lists up to 50)
            </p>
          )}
        </div>
      )}
    </section>
  );
}
