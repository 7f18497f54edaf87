"use client";

import { useCallback } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { CircleAlert, Clock3, Ghost, Radio, Unplug } from "lucide-react";
import type { Diagnosis, DiagnosisKind } from "@/lib/stall";
import { metricKeys } from "@/components/api/metrics-queries";
import { useLiveEvents, type LiveEventsSetup } from "@/components/live/use-live-query";

/** Display names of the stall radar's diagnoses. */
export const DIAGNOSIS_LABELS: Record<DiagnosisKind, string> = {
  dispatch_stall: "Dispatch stall",
  orphan_label: "Orphan label",
  pool_exhausted: "Pool exhausted",
  silent_source: "Source silent",
  stale_job: "Stale job",
};

const ICONS: Record<DiagnosisKind, typeof CircleAlert> = {
  dispatch_stall: Unplug,
  orphan_label: Ghost,
  pool_exhausted: CircleAlert,
  silent_source: Radio,
  stale_job: Clock3,
};

/** Props of {@link DiagnosisBadge}. */
export interface DiagnosisBadgeProps {
  kind: DiagnosisKind;
}

/** A diagnosis's name as a red pill. */
export function DiagnosisBadge({ kind }: DiagnosisBadgeProps) {
  const Icon = ICONS[kind];
  return (
    <span
      data-testid="diagnosis-badge"
      data-kind={kind}
      className="inline-flex shrink-0 items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-inset ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30"
    >
      <Icon aria-hidden className="size-3.5" />
      {DIAGNOSIS_LABELS[kind]}
    </span>
  );
}

/** Props of {@link DiagnosisList}. */
export interface DiagnosisListProps {
  diagnoses: readonly Diagnosis[];
  /** Name the pool or source of each (where the list is not already under its pool). */
  withSubject?: boolean;
}

/** Diagnoses as badges, each with its plain-language detail. */
export function DiagnosisList({ diagnoses, withSubject = false }: DiagnosisListProps) {
  return (
    <ul className="space-y-1.5" data-testid="diagnoses">
      {diagnoses.map((d) => (
        <li
          key={`${d.kind}:${d.source}:${d.pool ?? ""}:${d.jobId ?? ""}`}
          data-testid="diagnosis"
          data-kind={d.kind}
          className="flex flex-wrap items-start gap-x-2 gap-y-1 text-xs"
        >
          <DiagnosisBadge kind={d.kind} />
          {withSubject && <span className="font-mono text-foreground">{d.pool ?? d.source}</span>}
          <span className="min-w-0 basis-full text-muted">{d.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Refetches the page's metric queries when the stall radar's diagnoses change
 * (`diagnoses:updated`, which also fires on time alone: a wait crossing 60 s).
 */
export function useLiveDiagnoses(onDiagnoses?: (diagnoses: Diagnosis[]) => void): void {
  const create = useCallback(
    (queryClient: QueryClient): LiveEventsSetup => ({
      events: {
        "diagnoses:updated": (payload) => {
          onDiagnoses?.(payload.diagnoses);
          void queryClient.invalidateQueries({ queryKey: metricKeys.all });
        },
      },
    }),
    [onDiagnoses],
  );
  useLiveEvents(create);
}
