"use client";

import type { JobEta as Eta } from "@/lib/job";
import { formatDateTime } from "@/components/common/format";
import { useNow } from "@/components/common/use-now";
import { etaText } from "./eta-text";

/** Props of {@link JobEta}. */
export interface JobEtaProps {
  /** The job's `eta` as the API gives it (undefined: not computed yet; null: not enough data). */
  eta: Eta | null | undefined;
  className?: string;
}

/** How often the phrase refreshes: it reads in minutes. */
const ETA_TICK_MS = 5000;

/** A queued job's predicted start, kept current; the exact times and the basis are in the tooltip. */
export function JobEta({ eta, className }: JobEtaProps) {
  const now = useNow(ETA_TICK_MS);
  // Rendered on the server too: the phrase depends on now, so it appears once hydrated.
  const text = now === 0 ? null : etaText(eta, now);
  if (text === null) return null;
  const title = eta
    ? `Expected ${formatDateTime(eta.startAt)} (between ${formatDateTime(eta.low)} and ${formatDateTime(eta.high)}); ${eta.basis}`
    : "Too few finished jobs in this pool to predict a start";
  return (
    <span data-testid="job-eta" title={title} className={className ?? "text-xs text-muted"}>
      {text}
    </span>
  );
}
