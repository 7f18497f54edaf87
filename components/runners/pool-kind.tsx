"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { RUNNER_KINDS, type Runner, type RunnerKind } from "@/lib/runner";
import { useMe } from "@/components/api/auth-queries";
import { runnerKeys } from "@/components/api/runner-queries";
import { setPoolKind, usageKeys } from "@/components/api/usage-queries";
import { metricKeys } from "@/components/api/metrics-queries";

/** How each kind reads. */
export const KIND_LABELS: Record<RunnerKind, string> = {
  hosted: "Hosted",
  "self-hosted": "Self-hosted",
  ephemeral: "Ephemeral",
};

/** The kind a pool's runners show (the first one's: a pool's runners share it unless its setting is new). */
export function poolKind(runners: readonly Runner[]): { kind: RunnerKind; set: RunnerKind | null } {
  const first = runners[0];
  return {
    kind: first?.kind ?? "self-hosted",
    set: first?.kindSource === "pool" ? (first.poolKind ?? null) : null,
  };
}

/** Props of {@link PoolKindControl}. */
export interface PoolKindControlProps {
  pool: string;
  kind: RunnerKind;
  /** The kind set for the pool, or null when it follows the vendor and the runners' activity. */
  set: RunnerKind | null;
}

/**
 * A pool's kind: a badge for everyone, and for admins a select that sets it
 * (or back to "automatic"). Hosted and ephemeral runners retire with their job.
 */
export function PoolKindControl({ pool, kind, set }: PoolKindControlProps) {
  const { isAdmin } = useMe();
  const queryClient = useQueryClient();
  const id = useId();
  const change = useMutation({
    mutationFn: (next: RunnerKind | null) => setPoolKind(pool, next),
    onSuccess: () => {
      for (const queryKey of [runnerKeys.all, usageKeys.all, metricKeys.all])
        void queryClient.invalidateQueries({ queryKey });
    },
  });
  if (!isAdmin)
    return (
      <span
        data-testid="pool-kind"
        className="rounded-full border border-border px-2 py-px text-xs text-muted"
      >
        {KIND_LABELS[kind]}
      </span>
    );
  return (
    <span className="flex items-center gap-1.5 text-xs text-muted">
      <label htmlFor={id}>Kind</label>
      <select
        id={id}
        data-testid="pool-kind-select"
        value={set ?? "auto"}
        disabled={change.isPending}
        aria-describedby={change.isError ? `${id}-error` : undefined}
        onChange={(event) => {
          const value = event.target.value;
          change.mutate(value === "auto" ? null : (value as RunnerKind));
        }}
        className="min-h-10 rounded-md border border-border bg-surface px-2 text-xs text-foreground"
      >
        <option value="auto">{`Automatic (${KIND_LABELS[kind].toLowerCase()})`}</option>
        {RUNNER_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {change.isError && (
        <span id={`${id}-error`} role="alert" className="text-red-700 dark:text-red-400">
          Not saved
        </span>
      )}
    </span>
  );
}
